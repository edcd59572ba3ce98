// The sign-in screen: one password field (the initial password is printed by the gateway on first boot, and
// `amrouter reset-password` sets a new one offline).
import { useState } from "preact/hooks";
import { api, messageOf } from "./api.ts";
import { html } from "./html.ts";

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError("");
    try {
      await api("/api/auth/login", { method: "POST", body: { password } });
      onSignedIn();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return html`
    <main class="centered">
      <form class="card sign-in" onSubmit=${submit} aria-labelledby="sign-in-title">
        <div class="brand"><img src="/icons/icon.svg" alt="" />AmRouter</div>
        <h1 id="sign-in-title" style="font-size:1.2rem;text-align:center">Sign in to the dashboard</h1>
        <label class="field" for="password">
          <span>Password</span>
          <input class="input" id="password" name="password" type="password" autocomplete="current-password" required autofocus value=${password} onInput=${(event: Event) => setPassword((event.target as HTMLInputElement).value)} />
        </label>
        ${error ? html`<p class="error-text" role="alert">${error}</p>` : null}
        <button class="button primary" type="submit" style="width:100%" disabled=${busy}>${busy ? "Signing in…" : "Sign in"}</button>
        <p class="muted small" style="margin-top:1rem">
          First start? Use the initial password the gateway printed (also in <code>DATA_DIR/.env</code>). Forgot it? Run <code>amrouter reset-password</code>.
        </p>
      </form>
    </main>
  `;
}
