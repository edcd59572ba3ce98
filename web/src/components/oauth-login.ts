// Sign in to a subscription provider (Copilot, Claude, Codex, Gemini CLI, Qwen) from the dashboard: the gateway runs
// the provider's OAuth flow (POST /api/oauth/:provider/start) and this panel shows what the user has to do, the device
// code to enter with a copy button, or the provider's page in a new tab and, when the provider shows a code there,
// a box to paste it, then polls until the sign-in is done or failed. "Import token" stores a login made elsewhere.
// Leaving the panel cancels a sign-in that is still pending. Tokens never reach the browser.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, messageOf } from "../api.ts";
import { html } from "../html.ts";
import type { Connection } from "../types.ts";
import { useApi } from "../use-api.ts";
import { CopyButton } from "./copy-button.ts";
import { TextAreaField } from "./form-fields.ts";

type LoginView = {
  loginId: string;
  provider: string;
  connection: string;
  flow: "device-code" | "pkce";
  mode?: "loopback" | "paste";
  status: "pending" | "done" | "failed";
  userCode?: string;
  verificationUri?: string;
  verificationUriComplete?: string;
  authorizeUrl?: string;
  expiresAt: number;
  error?: string;
};

type ProviderInfo = { id: string; name: string; oauthFlow: string | null };

type Stage =
  | { kind: "idle" }
  | { kind: "starting" }
  | { kind: "pending"; login: LoginView }
  | { kind: "failed"; message: string }
  | { kind: "import" };

type Props = {
  providerId: string;
  /** The catalog entry when the caller has it; otherwise it is loaded. */
  provider?: ProviderInfo;
  /** The connection to sign in; blank means the provider id (created when new). */
  name?: string;
  /** True when the connection already holds a token (the button then says "Sign in again"). */
  signedIn?: boolean;
  onDone: (connection: Connection) => void;
};

const pollIntervalMs = 1500;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function OAuthLogin({ providerId, provider: given, name, signedIn, onDone }: Props) {
  const loaded = useApi<ProviderInfo>(given ? undefined : `/api/providers/${encodeURIComponent(providerId)}`);
  const provider = given ?? loaded.data;
  const [stage, setStage] = useState<Stage>({ kind: "idle" });
  const [pasted, setPasted] = useState("");
  const [token, setToken] = useState("");
  const [inlineError, setInlineError] = useState("");
  const [busy, setBusy] = useState(false);
  const pendingId = useRef<string | undefined>(undefined);
  const connectionName = name?.trim() || undefined;

  const finish = async (login: LoginView) => {
    pendingId.current = undefined;
    if (login.status === "failed") return setStage({ kind: "failed", message: login.error ?? "The sign-in failed." });
    try {
      onDone(await api<Connection>(`/api/connections/${encodeURIComponent(login.connection)}`));
    } catch (failure) {
      setStage({ kind: "failed", message: messageOf(failure) });
    }
  };

  // Poll while a sign-in is pending; the gateway answers done or failed when the flow ends.
  const loginId = stage.kind === "pending" ? stage.login.loginId : undefined;
  useEffect(() => {
    if (!loginId) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const login = await api<LoginView>(`/api/oauth/logins/${loginId}`);
        if (!stopped && login.status !== "pending") {
          stopped = true;
          clearInterval(timer);
          await finish(login);
        }
      } catch (failure) {
        if (stopped || !(failure instanceof ApiError) || failure.status !== 404) return;
        stopped = true;
        clearInterval(timer);
        pendingId.current = undefined;
        setStage({ kind: "failed", message: "The sign-in expired or the gateway restarted; start it again." });
      }
    }, pollIntervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [loginId]);

  // Closing the dialog (or leaving the page) cancels a sign-in still waiting, which also closes its listener.
  useEffect(
    () => () => {
      if (pendingId.current) void api(`/api/oauth/logins/${pendingId.current}`, { method: "DELETE" }).catch(() => undefined);
    },
    [],
  );

  if (!provider) return html`<p class="muted small">${loaded.error || "Loading the provider…"}</p>`;
  const importOnly = provider.oauthFlow === "token-import";

  const start = async () => {
    // Opened now, while the click still counts as a user gesture, so popup blockers allow it; pointed at the
    // provider once the gateway answers.
    const tab = provider.oauthFlow === "pkce" ? window.open("about:blank", "_blank") : null;
    setStage({ kind: "starting" });
    setInlineError("");
    setPasted("");
    try {
      const login = await api<LoginView>(`/api/oauth/${encodeURIComponent(provider.id)}/start`, { method: "POST", body: connectionName ? { name: connectionName } : {} });
      pendingId.current = login.loginId;
      if (tab && login.authorizeUrl) {
        tab.opener = null;
        tab.location.href = login.authorizeUrl;
      } else tab?.close();
      setStage({ kind: "pending", login });
    } catch (failure) {
      tab?.close();
      setStage({ kind: "failed", message: messageOf(failure) });
    }
  };

  const cancel = async () => {
    const id = pendingId.current;
    pendingId.current = undefined;
    setStage({ kind: "idle" });
    if (id) await api(`/api/oauth/logins/${id}`, { method: "DELETE" }).catch(() => undefined);
  };

  // Plain buttons, not nested forms: this panel sits inside the connection form.
  const submitCode = async () => {
    if (stage.kind !== "pending" || !pasted.trim()) return;
    setBusy(true);
    setInlineError("");
    try {
      const login = await api<LoginView>(`/api/oauth/logins/${stage.login.loginId}/code`, { method: "POST", body: { code: pasted.trim() } });
      if (login.status !== "pending") await finish(login);
    } catch (failure) {
      setInlineError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const submitToken = async () => {
    if (!token.trim()) return;
    setBusy(true);
    setInlineError("");
    try {
      const result = await api<{ connection: Connection }>(`/api/oauth/${encodeURIComponent(provider.id)}/import`, {
        method: "POST",
        body: { token: token.trim(), ...(connectionName ? { name: connectionName } : {}) },
      });
      setToken("");
      onDone(result.connection);
    } catch (failure) {
      setInlineError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const codeForm = (label: string, hint: string) => html`
    <div style="margin-top:0.5rem">
      <label class="field" for="oauth-pasted-code">
        <span>${label} <span class="hint">${hint}</span></span>
        <input
          class="input mono"
          id="oauth-pasted-code"
          name="oauth-code"
          autocomplete="off"
          spellcheck="false"
          value=${pasted}
          onInput=${(event: Event) => setPasted((event.target as HTMLInputElement).value)}
          onKeyDown=${(event: KeyboardEvent) => {
            if (event.key !== "Enter") return;
            event.preventDefault();
            void submitCode();
          }}
        />
      </label>
      <div class="row end" style="margin-top:0.5rem">
        <button type="button" class="button primary small" onClick=${submitCode} disabled=${busy || !pasted.trim()}>${busy ? "Checking…" : "Submit code"}</button>
      </div>
    </div>
  `;

  const pendingPanel = (login: LoginView) => {
    const minutes = Math.max(1, Math.round((login.expiresAt - Date.now()) / 60_000));
    const waiting = html`<p class="muted small" aria-live="polite" data-oauth-status="pending">Waiting for ${provider.name}… (this sign-in expires in about ${minutes} min)</p>`;
    if (login.flow === "device-code") {
      const link = login.verificationUriComplete ?? login.verificationUri ?? "";
      return html`
        <p style="margin-top:0">Enter this code at <a href=${login.verificationUri} target="_blank" rel="noopener noreferrer">${login.verificationUri}</a>:</p>
        <div class="row" style="margin:0.5rem 0">
          <code data-user-code style="font-size:1.5rem;letter-spacing:0.12em;padding:0.3rem 0.6rem;border:1px solid var(--border);border-radius:var(--radius)">${login.userCode}</code>
          <${CopyButton} text=${login.userCode ?? ""} label="Copy code" />
          <a class="button primary small" href=${link} target="_blank" rel="noopener noreferrer">Open ${hostOf(link)}</a>
        </div>
        ${waiting}
      `;
    }
    const reopen = html`<a href=${login.authorizeUrl} target="_blank" rel="noopener noreferrer">open it again</a>`;
    if (login.mode === "paste") {
      return html`
        <p style="margin-top:0">Sign in on ${provider.name}'s page in the new tab (${reopen}). When you approve, it shows a code: paste it here.</p>
        ${codeForm("Code", "from the page after approving")}
        ${waiting}
      `;
    }
    return html`
      <p style="margin-top:0">Sign in on ${provider.name}'s page in the new tab (${reopen}). This updates by itself when the browser comes back.</p>
      ${waiting}
      <details>
        <summary class="small">The page after signing in did not load?</summary>
        <p class="muted small">That happens when the gateway runs on another machine than your browser. Copy the whole address from the browser's address bar (it starts with http://localhost or http://127.0.0.1) and paste it here.</p>
        ${codeForm("Address or code", "the URL the browser was sent to")}
      </details>
    `;
  };

  const importPanel = html`
    <div>
      <${TextAreaField}
        label="Token"
        name="oauth-import"
        rows=${4}
        hint="an access token, a JSON token, or the contents of the provider CLI's credential file (e.g. ~/.claude/.credentials.json)"
        value=${token}
        onInput=${setToken}
      />
      <div class="row end" style="margin-top:0.5rem">
        ${importOnly ? null : html`<button type="button" class="button small" onClick=${() => (setInlineError(""), setStage({ kind: "idle" }))}>Back</button>`}
        <button type="button" class="button primary small" onClick=${submitToken} disabled=${busy || !token.trim()}>${busy ? "Importing…" : "Import token"}</button>
      </div>
    </div>
  `;

  let body;
  if (stage.kind === "pending") {
    body = html`${pendingPanel(stage.login)}<div class="row end"><button type="button" class="button small" onClick=${cancel}>Cancel sign-in</button></div>`;
  } else if (stage.kind === "import" || importOnly) {
    body = importPanel;
  } else {
    body = html`
      ${stage.kind === "failed" ? html`<p class="error-text" role="alert" data-oauth-status="failed">${stage.message}</p>` : null}
      <div class="row">
        <button type="button" class="button primary" onClick=${start} disabled=${stage.kind === "starting"}>
          ${stage.kind === "starting" ? "Starting…" : stage.kind === "failed" ? "Try again" : signedIn ? `Sign in to ${provider.name} again` : `Sign in with ${provider.name}`}
        </button>
        <button type="button" class="button" onClick=${() => (setInlineError(""), setStage({ kind: "import" }))}>Import token</button>
      </div>
      <p class="muted small" style="margin:0.5rem 0 0">
        ${provider.oauthFlow === "device-code" ? `You get a code to enter on ${provider.name}'s site.` : `Opens ${provider.name}'s sign-in page in a new tab.`} The token is stored
        encrypted on the connection and renewed by the gateway.
      </p>
    `;
  }

  return html`
    <div class="card" style="margin:0.75rem 0" aria-label=${`Sign in to ${provider.name}`} role="group">
      ${body}
      ${inlineError ? html`<p class="error-text small" role="alert">${inlineError}</p>` : null}
    </div>
  `;
}
