// Gemini Code Assist (Gemini CLI's "Login with Google"): the signed-in account's OAuth token goes as Bearer like
// any OAuth connection; every request names the account's Code Assist project, looked up once per connection
// (code-assist-project.ts; the connection's `project` setting is the account's own project on paid tiers).
import { codeAssistProject } from "./code-assist-project.ts";
import type { FamilyDriver } from "./family-driver.ts";

export const codeAssistDriver: FamilyDriver = {
  access: async (call) => ({ values: { project: await codeAssistProject(call.connection, call.timeoutMs) } }),
  address: (encoded, _call, { values }) => ({ path: encoded.path, body: { ...(encoded.body as Record<string, unknown>), project: values.project } }),
};
