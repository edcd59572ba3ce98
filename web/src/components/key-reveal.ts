// A newly created key, shown this once, with a copy button and ready-to-paste client snippets.
import { html } from "../html.ts";
import { ClientSnippets } from "./client-snippets.ts";
import { CopyButton } from "./copy-button.ts";

export function KeyReveal({ apiKey, model }: { apiKey: string; model: string }) {
  return html`
    <div>
      <p><strong>Copy this key now.</strong> Only its hash is stored, so it cannot be shown again.</p>
      <div class="row" style="margin-bottom:1rem">
        <code class="key-reveal" data-new-key style="flex:1">${apiKey}</code>
        <${CopyButton} text=${apiKey} label="Copy key" />
      </div>
      <h3>Use it</h3>
      <${ClientSnippets} apiKey=${apiKey} model=${model} />
    </div>
  `;
}
