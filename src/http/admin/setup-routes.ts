// /api/setup: what the dashboard's first-run flow needs to know (is the printed initial password still in use,
// is there a provider, a key) and a way to say the flow is finished, so it stops appearing.
import { t } from "elysia";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { verifyAdminPassword } from "../../security/admin-password.ts";
import { readSetting, writeSetting } from "../../storage/repositories/settings-repository.ts";
import { adminPlugin } from "./admin-plugin.ts";

const setupDoneKey = "dashboard_setup_done";
/** Where src/security/admin-password.ts keeps the hash; read only to know when the password changed. */
const passwordHashKey = "admin_password_hash";

const SetupState = t.Object({
  initialPasswordInUse: t.Boolean({ description: "the password is still the one printed at first boot" }),
  setupDone: t.Boolean(),
  connections: t.Integer(),
  apiKeys: t.Integer(),
  combos: t.Integer(),
  requireApiKey: t.Boolean(),
});

export function setupRoutes(runtime: GatewayRuntime) {
  /** Checking a password costs an argon2 verification (~300 ms), so the answer is kept until the hash changes. */
  let checked: { hash: string | undefined; initialPasswordInUse: boolean } | undefined;
  const initialPasswordInUse = async () => {
    const hash = readSetting(runtime.storage, passwordHashKey);
    if (checked?.hash !== hash || checked === undefined) {
      checked = { hash, initialPasswordInUse: await verifyAdminPassword(runtime.storage, runtime.settings.initialPassword) };
    }
    return checked.initialPasswordInUse;
  };
  const state = async () => ({
    initialPasswordInUse: await initialPasswordInUse(),
    setupDone: readSetting(runtime.storage, setupDoneKey) === "true",
    connections: runtime.connections.all().length,
    apiKeys: runtime.apiKeys.count(),
    combos: runtime.combos.all().length,
    requireApiKey: runtime.settings.requireApiKey,
  });
  return adminPlugin(runtime, "admin-setup")
    .get("/api/setup", state, { response: SetupState, detail: { tags: ["Setup"], summary: "First-run state for the dashboard" } })
    .post(
      "/api/setup/done",
      async () => {
        writeSetting(runtime.storage, setupDoneKey, "true");
        return state();
      },
      { response: SetupState, detail: { tags: ["Setup"], summary: "Mark the first-run flow finished" } },
    );
}
