// Ready-to-paste setup for the common clients (OpenAI SDK, Claude Code, Cursor / Cline, curl) filled in with this
// gateway's address, a key and a model, in tabs with a copy button each.
import { useState } from "preact/hooks";
import { html } from "../html.ts";
import { CopyButton } from "./copy-button.ts";

type Props = { apiKey: string; model: string };

function snippets(origin: string, apiKey: string, model: string): Array<{ id: string; label: string; text: string }> {
  return [
    {
      id: "openai",
      label: "OpenAI SDK",
      text: `from openai import OpenAI\n\nclient = OpenAI(base_url="${origin}/v1", api_key="${apiKey}")\nreply = client.chat.completions.create(\n    model="${model}",\n    messages=[{"role": "user", "content": "Hello!"}],\n)\nprint(reply.choices[0].message.content)`,
    },
    {
      id: "claude-code",
      label: "Claude Code",
      text: `export ANTHROPIC_BASE_URL=${origin}\nexport ANTHROPIC_API_KEY=${apiKey}\nexport ANTHROPIC_MODEL=${model}\nclaude`,
    },
    {
      id: "cursor",
      label: "Cursor / Cline",
      text: `Provider:  OpenAI Compatible\nBase URL:  ${origin}/v1\nAPI key:   ${apiKey}\nModel ID:  ${model}`,
    },
    {
      id: "curl",
      label: "curl",
      text: `curl ${origin}/v1/chat/completions \\\n  -H "Authorization: Bearer ${apiKey}" \\\n  -H "Content-Type: application/json" \\\n  -d '{"model":"${model}","stream":true,"messages":[{"role":"user","content":"Hello!"}]}'`,
    },
  ];
}

export function ClientSnippets({ apiKey, model }: Props) {
  const list = snippets(location.origin, apiKey, model);
  const [selected, setSelected] = useState(list[0]!.id);
  const current = list.find((item) => item.id === selected) ?? list[0]!;
  return html`
    <div>
      <div class="tabs" role="tablist" aria-label="Client">
        ${list.map(
          (item) => html`<button type="button" role="tab" id=${`tab-${item.id}`} aria-selected=${item.id === selected} aria-controls="snippet-panel" onClick=${() => setSelected(item.id)}>${item.label}</button>`,
        )}
      </div>
      <div id="snippet-panel" role="tabpanel" aria-labelledby=${`tab-${current.id}`}>
        <pre class="code" data-snippet=${current.id}>${current.text}</pre>
        <${CopyButton} text=${current.text} label=${`Copy ${current.label} snippet`} />
      </div>
    </div>
  `;
}
