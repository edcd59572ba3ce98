// The Code Assist project of a signed-in Google account, found the way Gemini CLI finds it: `loadCodeAssist` names
// it for an account that already has a tier; an account without one is onboarded (`onboardUser` on the default
// tier, a long-running operation polled at `GET /v1internal/{name}`) and the operation's answer names it. The free
// tier uses a Google-managed project; other tiers need the connection's own `project` setting. Looked up once per
// connection and account, and shared by concurrent first requests; a failed lookup is tried again next time.
import { GatewayError } from "../../errors/gateway-errors.ts";
import type { Connection } from "../../gateway/connection-registry.ts";
import { parseToken } from "../../oauth/oauth-token.ts";
import { asArray, asObject, asString, type JsonObject } from "../../protocol/json-values.ts";
import { sendUpstream } from "../send-upstream.ts";

const freeTier = "free-tier";
const legacyTier = "legacy-tier";
const pollDelaysMs = [1000, 2000, 5000];
const maxPolls = 24;

const projects = new Map<string, Promise<string>>();

export function codeAssistProject(connection: Connection, timeoutMs: number): Promise<string> {
  // Keyed by the account (its refresh token), not the access token, which changes every hour.
  const key = `${connection.name}#${parseToken(connection.credential)?.refreshToken ?? connection.credentialFingerprint}`;
  let lookup = projects.get(key);
  if (!lookup) {
    lookup = findProject(connection, timeoutMs);
    projects.set(key, lookup);
    lookup.catch(() => projects.delete(key));
  }
  return lookup;
}

async function post(connection: Connection, method: string, body: unknown, timeoutMs: number): Promise<JsonObject> {
  const response = await sendUpstream({ connection, method: "POST", path: `/v1internal:${method}`, body: JSON.stringify(body), timeoutMs });
  return asObject(await response.json().catch(() => ({})));
}

async function findProject(connection: Connection, timeoutMs: number): Promise<string> {
  const configured = connection.settings.project;
  const metadata = { ideType: "IDE_UNSPECIFIED", platform: "PLATFORM_UNSPECIFIED", pluginType: "GEMINI" };
  const loaded = await post(connection, "loadCodeAssist", { cloudaicompanionProject: configured, metadata: { ...metadata, duetProject: configured } }, timeoutMs);
  if (loaded.currentTier !== undefined) return asString(loaded.cloudaicompanionProject) || configured || noProject(connection, loaded);

  const tier = asArray(loaded.allowedTiers).map(asObject).find((entry) => entry.isDefault === true);
  const tierId = asString(tier?.id) ?? legacyTier;
  // The free tier's project is managed by Google: naming one makes onboarding fail.
  const request = tierId === freeTier ? { tierId, metadata } : { tierId, cloudaicompanionProject: configured, metadata: { ...metadata, duetProject: configured } };
  let operation = await post(connection, "onboardUser", request, timeoutMs);
  for (let poll = 0; operation.done !== true && asString(operation.name) && poll < maxPolls; poll++) {
    await Bun.sleep(pollDelaysMs[Math.min(poll, pollDelaysMs.length - 1)]!);
    const response = await sendUpstream({ connection, method: "GET", path: `/v1internal/${asString(operation.name)}`, timeoutMs });
    operation = asObject(await response.json().catch(() => ({})));
  }
  return asString(asObject(asObject(operation.response).cloudaicompanionProject).id) || configured || noProject(connection, loaded);
}

function noProject(connection: Connection, loaded: JsonObject): never {
  const reasons = asArray(loaded.ineligibleTiers).map((tier) => asString(asObject(tier).reasonMessage)).filter(Boolean);
  if (reasons.length > 0) throw new GatewayError(`Connection ${connection.name}: Code Assist refused this account: ${reasons.join(", ")}`, 403, "permission", "code_assist_ineligible");
  throw new GatewayError(
    `Connection ${connection.name}: this Google account needs a Google Cloud project for Code Assist; set the connection's project setting.`,
    400,
    "invalid_request",
    "connection_setting_missing",
    "project",
  );
}
