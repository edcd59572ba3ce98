// First-run setup: replace the printed initial password, add a first provider, create a key, and copy a
// ready-to-paste snippet for the OpenAI SDK, Claude Code, Cursor / Cline or curl. Every step can be skipped.
import { useEffect, useState } from "preact/hooks";
import { api, messageOf } from "../api.ts";
import { ConnectionForm } from "../components/connection-form.ts";
import { TextField } from "../components/form-fields.ts";
import { KeyReveal } from "../components/key-reveal.ts";
import { PasswordForm } from "../components/password-form.ts";
import { toast } from "../components/toasts.ts";
import { html } from "../html.ts";
import { navigate } from "../router.ts";
import type { Connection, SetupState } from "../types.ts";

const steps = ["Password", "Provider", "API key", "Connect a client"];

export default function SetupPage() {
  const [step, setStep] = useState(0);
  const [state, setState] = useState<SetupState | undefined>(undefined);
  const [connection, setConnection] = useState<Connection | undefined>(undefined);
  const [keyName, setKeyName] = useState("my-app");
  const [createdKey, setCreatedKey] = useState("");
  const [error, setError] = useState("");
  useEffect(() => {
    api<SetupState>("/api/setup")
      .then((loaded) => {
        setState(loaded);
        if (!loaded.initialPasswordInUse) setStep(1);
      })
      .catch((failure) => setError(messageOf(failure)));
  }, []);
  const finish = async () => {
    await api("/api/setup/done", { method: "POST" }).catch(() => undefined);
    navigate("overview");
  };
  const createKey = async (event: Event) => {
    event.preventDefault();
    try {
      const created = await api<{ key: string }>("/api/keys", { method: "POST", body: { name: keyName.trim() } });
      setCreatedKey(created.key);
      setStep(3);
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  const model = connection ? `${connection.name}/${connection.availableModels[0] ?? connection.models[0] ?? "gpt-4o-mini"}` : "my-connection/model";

  return html`
    <main class="centered">
      <div class="card setup">
        <div class="row between">
          <div class="brand" style="padding:0"><img src="/icons/icon.svg" alt="" />AmRouter</div>
          <button type="button" class="button ghost small" onClick=${finish}>Skip setup</button>
        </div>
        <h1 style="margin-top:0.75rem">Welcome! Let's get you to a first request.</h1>
        <ol class="steps" aria-label="Setup steps">
          ${steps.map((label, index) => html`<li aria-current=${index === step ? "step" : undefined} class=${index < step ? "done" : ""}>${index + 1}. ${label}</li>`)}
        </ol>
        ${error ? html`<p class="error-text" role="alert">${error}</p>` : null}
        ${step === 0
          ? html`<section aria-labelledby="setup-password">
              <h2 id="setup-password">Choose your own password</h2>
              <p class="muted">You signed in with the initial password the gateway printed. Replace it with one only you know.</p>
              <${PasswordForm} submitLabel="Save password" onChanged=${() => { toast("Password changed"); setStep(1); }} />
            </section>`
          : null}
        ${step === 1
          ? html`<section aria-labelledby="setup-provider">
              <h2 id="setup-provider">Add your first provider</h2>
              <p class="muted">${state && state.connections > 0 ? `You already have ${state.connections} connection(s); add another or continue.` : "Pick where requests go: a provider from the catalog, or your own OpenAI-compatible URL."}</p>
              <${ConnectionForm} onSaved=${(saved: Connection) => { setConnection(saved); toast(`Added ${saved.name}`); setStep(2); }} />
              <div class="row end" style="margin-top:0.5rem"><button type="button" class="button ghost" onClick=${() => setStep(2)}>Continue without adding</button></div>
            </section>`
          : null}
        ${step === 2
          ? html`<form onSubmit=${createKey} aria-labelledby="setup-key">
              <h2 id="setup-key">Create an API key</h2>
              <p class="muted">Your apps send this key to the gateway.${state?.requireApiKey ? " This gateway requires one." : " It is optional on loopback, but lets you see usage per app."}</p>
              <${TextField} label="Key name" name="setup-key-name" value=${keyName} required onInput=${setKeyName} />
              <div class="row end">
                <button type="button" class="button ghost" onClick=${() => setStep(3)}>Skip</button>
                <button type="submit" class="button primary">Create key</button>
              </div>
            </form>`
          : null}
        ${step === 3
          ? html`<section aria-labelledby="setup-client">
              <h2 id="setup-client">Connect a client</h2>
              ${createdKey ? html`<${KeyReveal} apiKey=${createdKey} model=${model} />` : html`<p class="muted">Without a key, use any string as the API key on this machine.</p>`}
              <div class="row end" style="margin-top:1rem"><button type="button" class="button primary" onClick=${finish}>Go to the dashboard</button></div>
            </section>`
          : null}
      </div>
    </main>
  `;
}
