// Change the dashboard password (at least 8 characters); used by Settings and the first-run setup.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api.ts";
import { html } from "../html.ts";
import { TextField } from "./form-fields.ts";

export function PasswordForm({ onChanged, submitLabel = "Change password" }: { onChanged: () => void; submitLabel?: string }) {
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [error, setError] = useState("");
  const submit = async (event: Event) => {
    event.preventDefault();
    if (newPassword !== confirmation) return setError("The two new passwords differ.");
    try {
      await api("/api/auth/password", { method: "POST", body: { currentPassword, newPassword } });
      setError("");
      onChanged();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  return html`
    <form onSubmit=${submit} aria-label="Change password">
      <div class="form-grid">
        <${TextField} label="Current password" name="current-password" type="password" autocomplete="current-password" value=${currentPassword} required onInput=${setCurrentPassword} />
        <${TextField} label="New password" name="new-password" type="password" hint="8 characters or more" autocomplete="new-password" value=${newPassword} required onInput=${setNewPassword} />
        <${TextField} label="Repeat new password" name="repeat-password" type="password" autocomplete="new-password" value=${confirmation} required onInput=${setConfirmation} />
      </div>
      ${error ? html`<p class="error-text" role="alert">${error}</p>` : null}
      <div class="row end"><button class="button primary" type="submit">${submitLabel}</button></div>
    </form>
  `;
}
