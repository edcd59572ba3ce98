// `amrouter setup` as a user runs it, against the mock upstream: with flags for scripts (connection + client key +
// snippets, a gateway that then serves the key, a provider's settings), the guided flow driven line by line through
// stdin (settings asked with their defaults), and the errors a user can fix (unknown provider with suggestions, bad
// URL, unknown or malformed setting, failing test saves nothing).
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { join } from "node:path";
import { clientSnippets } from "../../src/cli/client-snippets.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { startGateway } from "../../src/start-gateway.ts";
import { openStorage } from "../../src/storage/database.ts";
import { listApiKeyRows, listConnectionRows } from "../../src/storage/registry-rows.ts";
import { startMockUpstream, type MockUpstream } from "../mock-upstream/mock-server.ts";
import { temporaryDirectory } from "../support/gateway-fixture.ts";
import { mainPath, runCli, type CliRun } from "../support/run-cli.ts";

const providerKey = "sk-setup-provider-key-0123456789";

type Run = Pick<CliRun, "code" | "stdout" | "stderr">;

/** Drives the guided setup: waits for each question, then types the answer (a function sees the output so far). */
async function converse(args: string[], steps: Array<[RegExp, string | ((output: string) => string)]>): Promise<Run> {
  const child = Bun.spawn([process.execPath, mainPath, ...args], { env: process.env, stdin: "pipe", stdout: "pipe", stderr: "pipe" });
  const stderr = new Response(child.stderr).text();
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  let output = "";
  let position = 0;
  for (const [question, answer] of steps) {
    for (;;) {
      const match = question.exec(output.slice(position));
      if (match) {
        position += match.index + match[0].length;
        break;
      }
      const chunk = await reader.read();
      if (chunk.done) throw new Error(`setup ended before asking ${question}:\n${output}\n${await stderr}`);
      output += decoder.decode(chunk.value, { stream: true });
    }
    child.stdin.write(`${typeof answer === "function" ? answer(output) : answer}\n`);
    await child.stdin.flush();
  }
  child.stdin.end();
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    output += decoder.decode(chunk.value, { stream: true });
  }
  return { code: await child.exited, stdout: output, stderr: await stderr };
}

function storedState(dataDirectory: string) {
  const storage = openStorage(join(dataDirectory, "amrouter.db"));
  try {
    return { connections: listConnectionRows(storage.sqlite), keys: listApiKeyRows(storage.sqlite) };
  } finally {
    storage.close();
  }
}

let mock: MockUpstream;
const data = { flags: "", json: "", failing: "", interactive: "", errors: "", settings: "", guidedSettings: "", bedrock: "" };
let runs: Record<string, Promise<Run>>;

setDefaultTimeout(30_000);

beforeAll(async () => {
  mock = await startMockUpstream();
  for (const name of Object.keys(data) as Array<keyof typeof data>) data[name] = temporaryDirectory();
  const common = (directory: string) => ["--data-dir", directory, "--port", "24567", "--host", "127.0.0.1"];
  runs = {
    flags: runCli(["setup", "--provider", "openai-chat", "--name", "local", "--base-url", `${mock.url}/v1`, "--api-key", providerKey, "--model", "gpt-4o-mini", ...common(data.flags)]),
    json: runCli([
      "setup", "--provider", "anthropic", "--name", "claude", "--base-url", mock.url, "--api-key-env", "SETUP_TEST_ANTHROPIC_KEY", "--key-name", "ci", "--json", ...common(data.json),
    ], { SETUP_TEST_ANTHROPIC_KEY: providerKey }),
    failing: runCli(["setup", "--provider", "openai-chat", "--name", "broken", "--base-url", `${mock.url}/v1`, "--api-key", providerKey, "--model", "error-401", ...common(data.failing)]),
    unknown: runCli(["setup", "--provider", "opnai", ...common(data.errors)]),
    badUrl: runCli(["setup", "--provider", "openai-chat", "--base-url", "ftp://example.com", "--api-key", providerKey, ...common(data.errors)]),
    noUrl: runCli(["setup", "--provider", "openai-chat", "--api-key", providerKey, ...common(data.errors)]),
    bothKeys: runCli(["setup", "--provider", "openai", "--api-key", providerKey, "--api-key-env", "X", ...common(data.errors)]),
    settings: runCli([
      "setup", "--provider", "watsonx", "--name", "wx", "--base-url", mock.url, "--api-key", providerKey,
      "--setting", "project_id=wx-project-1", "--setting", `iamUrl=${mock.url}/identity/token`, "--json", ...common(data.settings),
    ]),
    unknownSetting: runCli(["setup", "--provider", "vertex", "--api-key", providerKey, "--setting", "projet=my-project", ...common(data.errors)]),
    malformedSetting: runCli(["setup", "--provider", "vertex", "--api-key", providerKey, "--setting", "project", ...common(data.errors)]),
    missingRegion: runCli(["setup", "--provider", "bedrock-converse", "--api-key", "bedrock-api-key-0123", "--skip-test", ...common(data.errors)]),
    bedrockRegion: runCli(["setup", "--provider", "bedrock-converse", "--name", "br", "--api-key", "bedrock-api-key-0123", "--setting", "region=eu-west-1", "--skip-test", "--json", ...common(data.bedrock)]),
  };
});

afterAll(async () => {
  await mock.stop();
});

describe("client snippets", () => {
  test("each client gets its own base URL convention, the key and the model", () => {
    const snippets = Object.fromEntries(clientSnippets({ gatewayUrl: "http://127.0.0.1:20128/", apiKey: "amr_test", model: "conn/model-1" }).map((snippet) => [snippet.id, snippet.text]));
    expect(snippets["openai-typescript"]).toContain('baseURL: "http://127.0.0.1:20128/v1"');
    expect(snippets["openai-python"]).toContain('base_url="http://127.0.0.1:20128/v1"');
    expect(snippets.curl).toContain("http://127.0.0.1:20128/v1/chat/completions");
    expect(snippets.curl).toContain('"model":"conn/model-1"');
    expect(snippets["claude-code"]).toContain('ANTHROPIC_BASE_URL="http://127.0.0.1:20128"\n');
    expect(snippets["claude-code"]).toContain('ANTHROPIC_AUTH_TOKEN="amr_test"');
    expect(snippets["codex-cli"]).toContain('wire_api = "responses"');
    expect(snippets["codex-cli"]).toContain('base_url = "http://127.0.0.1:20128/v1"');
    expect(snippets["codex-cli"]).toContain("[model_providers.amrouter]");
    expect(snippets["gemini-cli"]).toContain('GOOGLE_GEMINI_BASE_URL="http://127.0.0.1:20128"\n');
    expect(snippets["gemini-cli"]).toContain('GEMINI_API_KEY="amr_test"');
    expect(snippets["openai-compatible"]).toContain("http://127.0.0.1:20128/v1");
    for (const text of Object.values(snippets)) expect(text).toContain("amr_test");
    expect(clientSnippets({ gatewayUrl: "http://h:1", model: "m" })[0]!.text).toContain("amr_...");
  });
});

describe("amrouter setup with flags", () => {
  test("saves the connection, creates a client key and prints snippets with the gateway URL and the key", async () => {
    const result = await runs.flags!;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok {2}\d+ ms {2}gpt-4o-mini/m);
    const key = /amr_[A-Za-z0-9_-]{20,}/.exec(result.stdout)![0];
    expect(result.stdout).toContain(`baseURL: "http://127.0.0.1:24567/v1", apiKey: "${key}"`);
    expect(result.stdout).toContain('ANTHROPIC_BASE_URL="http://127.0.0.1:24567"');
    expect(result.stdout).toContain('model: "local/gpt-4o-mini"');
    expect(result.stdout + result.stderr).not.toContain(providerKey);

    const stored = storedState(data.flags);
    expect(stored.connections).toHaveLength(1);
    expect(stored.connections[0]).toMatchObject({ name: "local", provider: "openai-chat", baseUrl: `${mock.url}/v1`, source: "api", credentialEnv: null });
    expect(stored.connections[0]!.credentialEncrypted).not.toContain(providerKey);
    expect(stored.keys.map((row) => row.name)).toEqual(["local-client"]);

    // A gateway on that data directory serves the new key through the new connection.
    const gateway = await startGateway({ port: 0, host: "127.0.0.1", dataDirectory: data.flags }, { ...process.env, REQUIRE_API_KEY: "true" }, { logger: createLogger("error") });
    try {
      const chat = (authorization: string) =>
        fetch(`${gateway.url}/v1/chat/completions`, {
          method: "POST",
          headers: { authorization, "content-type": "application/json" },
          body: JSON.stringify({ model: "local/gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }),
        });
      const served = await chat(`Bearer ${key}`);
      expect(served.status).toBe(200);
      expect(((await served.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toContain("Hi");
      expect((await chat("Bearer amr_not-a-real-key-000000000000")).status).toBe(401);
    } finally {
      await gateway.stop();
    }
  });

  test("--json prints {connection, test, key, snippets}; --api-key-env stores the variable name, not the key", async () => {
    const result = await runs.json!;
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      connection: { name: string; provider: string; credential: string; credentialEnv: string; saved: boolean };
      test: { ok: boolean; model: string };
      key: { name: string; key: string };
      gatewayUrl: string;
      snippets: Array<{ id: string; text: string }>;
    };
    expect(parsed.connection).toMatchObject({ name: "claude", provider: "anthropic", credential: "env", credentialEnv: "SETUP_TEST_ANTHROPIC_KEY", saved: true });
    expect(parsed.test.ok).toBe(true);
    expect(parsed.key.name).toBe("ci");
    expect(parsed.key.key).toMatch(/^amr_/);
    expect(parsed.gatewayUrl).toBe("http://127.0.0.1:24567");
    expect(parsed.snippets.map((snippet) => snippet.id)).toEqual(["openai-typescript", "openai-python", "curl", "claude-code", "codex-cli", "gemini-cli", "openai-compatible"]);
    for (const snippet of parsed.snippets) {
      expect(snippet.text).toContain(parsed.key.key);
      expect(snippet.text).toContain("127.0.0.1:24567");
      expect(snippet.text).toContain(`claude/${parsed.test.model}`);
    }
    expect(result.stdout).not.toContain(providerKey);
    const stored = storedState(data.json);
    expect(stored.connections[0]).toMatchObject({ name: "claude", credentialEnv: "SETUP_TEST_ANTHROPIC_KEY", credentialEncrypted: null });
  });

  test("--setting NAME=VALUE (repeated) gives the provider's settings: the test uses them and they are saved", async () => {
    const result = await runs.settings!;
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { connection: { settings: Record<string, string>; baseUrl: string }; test: { ok: boolean; model: string } };
    expect(parsed.connection).toMatchObject({ settings: { project_id: "wx-project-1", iamUrl: `${mock.url}/identity/token` }, baseUrl: mock.url });
    expect(parsed.test).toMatchObject({ ok: true, model: "ibm/granite-3-3-8b-instruct" });
    const chat = mock.requests.find((request) => request.path.startsWith("/ml/v1/text/chat") && (request.body as { project_id?: string }).project_id === "wx-project-1");
    expect(chat).toBeDefined();
    expect(storedState(data.settings).connections[0]).toMatchObject({ name: "wx", provider: "watsonx", settings: { project_id: "wx-project-1", iamUrl: `${mock.url}/identity/token` } });
  });

  test("Bedrock's region is a setting: it fills the catalog URL and is saved", async () => {
    const result = await runs.bedrockRegion!;
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).connection).toMatchObject({ baseUrl: "https://bedrock-runtime.eu-west-1.amazonaws.com", settings: { region: "eu-west-1" }, saved: true });
    expect(storedState(data.bedrock).connections[0]).toMatchObject({ name: "br", baseUrl: null, settings: { region: "eu-west-1" } });
  });

  test("a failing test saves nothing and says why; --skip-test saves it anyway", async () => {
    const result = await runs.failing!;
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("HTTP 401");
    expect(result.stdout).toContain("Incorrect API key provided");
    expect(result.stdout).toContain("Nothing was saved");
    expect(result.stdout).not.toContain(providerKey);
    expect(storedState(data.failing)).toEqual({ connections: [], keys: [] });

    const skipped = await runCli(["setup", "--provider", "openai-chat", "--name", "broken", "--base-url", `${mock.url}/v1`, "--api-key", providerKey, "--model", "error-401", "--skip-test", "--data-dir", data.failing]);
    expect(skipped.code).toBe(0);
    expect(storedState(data.failing).connections.map((row) => row.name)).toEqual(["broken"]);
  });

  test("an unknown provider suggests the closest ids; bad URLs and conflicting flags are refused", async () => {
    const unknown = await runs.unknown!;
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toContain('Unknown provider "opnai"');
    expect(unknown.stdout).toMatch(/Did you mean: openai\b/);
    const badUrl = await runs.badUrl!;
    expect(badUrl.code).toBe(2);
    expect(badUrl.stdout).toContain("must start with http:// or https://");
    const noUrl = await runs.noUrl!;
    expect(noUrl.code).toBe(2);
    expect(noUrl.stdout).toContain("--base-url is required");
    const bothKeys = await runs.bothKeys!;
    expect(bothKeys.code).toBe(2);
    expect(bothKeys.stdout).toContain("not both");
    const unknownSetting = await runs.unknownSetting!;
    expect(unknownSetting.code).toBe(2);
    expect(unknownSetting.stdout).toContain('Google Vertex AI has no setting "projet"; it takes project, location.');
    const malformedSetting = await runs.malformedSetting!;
    expect(malformedSetting.code).toBe(2);
    expect(malformedSetting.stdout).toContain('--setting takes NAME=VALUE, got "project".');
    const missingRegion = await runs.missingRegion!;
    expect(missingRegion.code).toBe(2);
    expect(missingRegion.stdout).toContain("Amazon Bedrock (Converse API) needs the region setting (AWS region of the Bedrock endpoint");
    expect(missingRegion.stdout).toContain("pass --setting region=VALUE");
    expect(storedState(data.errors)).toEqual({ connections: [], keys: [] });
  });
});

describe("amrouter setup, guided", () => {
  test("answers typed line by line: search, pick, name, URL, key, a failing model, another model, key name", async () => {
    const interactiveKey = "sk-interactive-provider-key-0123456789";
    const result = await converse(
      ["setup", "--data-dir", data.interactive, "--port", "24568", "--host", "127.0.0.1"],
      [
        [/provider: $/, "opnai"],
        [/Closest: openai\b[^\n]*\nprovider: $/, "open"],
        [/Type a number/, (output) => /(\d+) {2}openai-chat +Custom OpenAI-compatible/.exec(output)![1]!],
        [/Connection name[^:]*\[openai-chat\]: $/, "mine"],
        [/Base URL: $/, "not a url"],
        [/is not a URL[^\n]*\nBase URL: $/, `${mock.url}/v1`],
        [/API key for Custom OpenAI-compatible[^:]*: $/, interactiveKey],
        [/Model to test with[^:]*\[[^\]]+\]: $/, "error-401"],
        [/What now\?[^:]*: $/, "m"],
        [/Model to test with[^:]*: $/, "gpt-4o-mini"],
        [/Name for the client key \[mine-client\]: $/, ""],
      ],
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Incorrect API key provided");
    expect(result.stdout).toMatch(/^ok {2}\d+ ms {2}gpt-4o-mini {2}"Echo: Reply with OK"/m);
    expect(result.stdout).toContain('Saved connection "mine"');
    const key = /amr_[A-Za-z0-9_-]{20,}/.exec(result.stdout)![0];
    expect(result.stdout).toContain(`export ANTHROPIC_AUTH_TOKEN="${key}"`);
    expect(result.stdout).toContain("http://127.0.0.1:24568/v1");
    expect(result.stdout).toContain('"mine/gpt-4o-mini"');
    expect(result.stdout + result.stderr).not.toContain(interactiveKey);
    const stored = storedState(data.interactive);
    expect(stored.connections.map((row) => [row.name, row.provider, row.baseUrl])).toEqual([["mine", "openai-chat", `${mock.url}/v1`]]);
    expect(stored.keys.map((row) => row.name)).toEqual(["mine-client"]);
  });

  test("a provider's settings are asked one by one with their defaults; Enter keeps a default, which is not stored", async () => {
    const result = await converse(
      ["setup", "--data-dir", data.guidedSettings, "--port", "24569", "--host", "127.0.0.1"],
      [
        [/provider: $/, "watsonx"],
        [/Connection name[^:]*\[watsonx\]: $/, "wx"],
        [/Region - IBM Cloud region[^\n]*\[us-south\]: $/, ""],
        [/Project ID - [^\n]*: $/, "wx-project-2"],
        [/Space ID - [^\n]*: $/, ""],
        [/IAM token URL - [^\n]*\[https:\/\/iam\.cloud\.ibm\.com\/identity\/token\]: $/, `${mock.url}/identity/token`],
        [/API version - [^\n]*\[2024-10-08\]: $/, ""],
        [/Base URL \[https:\/\/us-south\.ml\.cloud\.ibm\.com\]: $/, mock.url],
        [/API key for IBM watsonx\.ai[^:]*: $/, "wx-guided-key"],
        [/Model to test with[^:]*\[ibm\/granite-3-3-8b-instruct\]: $/, ""],
        [/Name for the client key \[wx-client\]: $/, ""],
      ],
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok {2}\d+ ms {2}ibm\/granite-3-3-8b-instruct/m);
    expect(result.stdout).toContain(`Saved connection "wx" (IBM watsonx.ai, key stored encrypted, project_id=wx-project-2, iamUrl=${mock.url}/identity/token).`);
    const stored = storedState(data.guidedSettings).connections[0]!;
    expect(stored.baseUrl).toBe(mock.url);
    expect(stored.settings).toEqual({ project_id: "wx-project-2", iamUrl: `${mock.url}/identity/token` });
  });

  test("input that ends early cancels with a hint for scripts, and saves nothing", async () => {
    const directory = temporaryDirectory();
    const result = await converse(["setup", "--data-dir", directory], [[/provider: $/, "openai"]]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Setup cancelled");
    expect(result.stdout).toContain("--provider ID");
    expect(storedState(directory)).toEqual({ connections: [], keys: [] });
  });
});
