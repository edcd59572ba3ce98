// Ready-to-paste client configuration for one gateway URL, client key and model: the OpenAI SDKs, curl and the
// coding agents (Claude Code, Codex CLI, Gemini CLI, Cursor/Cline). Pure text with no I/O or runtime imports, so
// the CLI and the dashboard show the same words. Facts per client: /work/shared/CLIENT-NOTES.md and the README.

export type SnippetInput = {
  /** The gateway's root URL without a trailing slash, e.g. http://127.0.0.1:20128. */
  gatewayUrl: string;
  /** A client key (amr_...); a placeholder is shown when absent. */
  apiKey?: string;
  /** The model clients should name, usually `connection/model`. */
  model: string;
};

export type ClientSnippet = {
  id: "openai-typescript" | "openai-python" | "curl" | "claude-code" | "codex-cli" | "gemini-cli" | "openai-compatible";
  title: string;
  /** For syntax highlighting: ts, python, sh, toml or text. */
  language: "ts" | "python" | "sh" | "toml" | "text";
  text: string;
};

export const apiKeyPlaceholder = "amr_...";

/** A string literal for TypeScript, Python and TOML basic strings (the escapes they share with JSON). */
const literal = (value: string) => JSON.stringify(value);

/** A shell word: double quotes for ordinary values, single quotes when the value holds shell-special characters. */
function shellWord(value: string): string {
  if (/^[A-Za-z0-9_./:@%+=,~-]*$/.test(value)) return `"${value}"`;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function clientSnippets(input: SnippetInput): ClientSnippet[] {
  const root = input.gatewayUrl.replace(/\/+$/, "");
  const v1 = `${root}/v1`;
  const key = input.apiKey ?? apiKeyPlaceholder;
  const model = input.model;
  const curlBody = JSON.stringify({ model, messages: [{ role: "user", content: "Hello!" }] });
  return [
    {
      id: "openai-typescript",
      title: "OpenAI SDK (TypeScript)",
      language: "ts",
      text: [
        `import OpenAI from "openai";`,
        ``,
        `const client = new OpenAI({ baseURL: ${literal(v1)}, apiKey: ${literal(key)} });`,
        `const reply = await client.chat.completions.create({`,
        `  model: ${literal(model)},`,
        `  messages: [{ role: "user", content: "Hello!" }],`,
        `});`,
        `console.log(reply.choices[0]?.message.content);`,
      ].join("\n"),
    },
    {
      id: "openai-python",
      title: "OpenAI SDK (Python)",
      language: "python",
      text: [
        `from openai import OpenAI`,
        ``,
        `client = OpenAI(base_url=${literal(v1)}, api_key=${literal(key)})`,
        `reply = client.chat.completions.create(`,
        `    model=${literal(model)},`,
        `    messages=[{"role": "user", "content": "Hello!"}],`,
        `)`,
        `print(reply.choices[0].message.content)`,
      ].join("\n"),
    },
    {
      id: "curl",
      title: "curl",
      language: "sh",
      text: [
        `curl ${shellWord(`${v1}/chat/completions`)} \\`,
        `  -H ${shellWord(`Authorization: Bearer ${key}`)} \\`,
        `  -H "Content-Type: application/json" \\`,
        `  -d '${curlBody.replaceAll("'", `'\\''`)}'`,
      ].join("\n"),
    },
    {
      id: "claude-code",
      title: "Claude Code",
      language: "sh",
      text: [
        `export ANTHROPIC_BASE_URL=${shellWord(root)}`,
        `export ANTHROPIC_AUTH_TOKEN=${shellWord(key)}`,
        `export ANTHROPIC_MODEL=${shellWord(model)}`,
        `claude`,
      ].join("\n"),
    },
    {
      id: "codex-cli",
      title: "Codex CLI (~/.codex/config.toml)",
      language: "toml",
      text: [
        `model = ${literal(model)}`,
        `model_provider = "amrouter"`,
        ``,
        `[model_providers.amrouter]`,
        `name = "AmRouter"`,
        `base_url = ${literal(v1)}`,
        `env_key = "AMROUTER_API_KEY"`,
        `wire_api = "responses"`,
        ``,
        `# and in the shell that runs codex:`,
        `# export AMROUTER_API_KEY=${shellWord(key)}`,
      ].join("\n"),
    },
    {
      id: "gemini-cli",
      title: "Gemini CLI",
      language: "sh",
      text: [`export GOOGLE_GEMINI_BASE_URL=${shellWord(root)}`, `export GEMINI_API_KEY=${shellWord(key)}`, `gemini -m ${shellWord(model)}`].join("\n"),
    },
    {
      id: "openai-compatible",
      title: "Cursor, Cline and other OpenAI-compatible tools",
      language: "text",
      text: [`Base URL:  ${v1}`, `API key:   ${key}`, `Model:     ${model}`].join("\n"),
    },
  ];
}

/** The snippets as plain terminal text: a title line, then the snippet indented. */
export function formatSnippetsForTerminal(snippets: ClientSnippet[]): string {
  return snippets.map((snippet) => `── ${snippet.title}\n\n${snippet.text.replace(/^/gm, "    ").replace(/^ +$/gm, "")}\n`).join("\n");
}
