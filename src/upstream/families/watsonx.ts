// IBM watsonx.ai: Chat Completions with IBM's names and addresses. The connection's IBM Cloud API key is exchanged
// at IAM (`grant_type=urn:ibm:params:oauth:grant-type:apikey`) for a bearer token that lives an hour; chat goes to
// `/ml/v1/text/chat?version=…` (streams to `/ml/v1/text/chat_stream`, whose last event always carries usage), the
// model is `model_id`, the project (or deployment space) is named in the body, and a tool_choice mode is
// `tool_choice_option` (watsonx's `tool_choice` only names a function). IAM URL, region, version: settings with catalog defaults.
import { GatewayError } from "../../errors/gateway-errors.ts";
import { exchangeGrant } from "../../oauth/grant-exchange.ts";
import { asObject } from "../../protocol/json-values.ts";
import { exchangedAccessToken, requiredSetting, type FamilyCall, type FamilyDriver, type UpstreamAccess } from "./family-driver.ts";

async function access(call: FamilyCall): Promise<UpstreamAccess> {
  const { connection } = call;
  const apiKey = connection.credential;
  if (!apiKey) throw new GatewayError(`Connection ${connection.name} has no IBM Cloud API key; give it one (apiKey or apiKeyEnv).`, 400, "invalid_request", "credential_missing");
  const { project_id: projectId, space_id: spaceId } = connection.settings;
  const scope = requiredSetting(connection, "project_id", projectId ?? spaceId, "set project_id (or space_id) to the watsonx project or deployment space.");
  const iamUrl = requiredSetting(connection, "iamUrl", connection.settings.iamUrl, "set it to the IBM Cloud IAM token URL.");
  const version = requiredSetting(connection, "version", connection.settings.version, "set it to a watsonx.ai API version date.");
  const accessToken = await exchangedAccessToken(connection, () =>
    exchangeGrant(iamUrl, { grant_type: "urn:ibm:params:oauth:grant-type:apikey", apikey: apiKey }, "The IBM Cloud IAM token exchange", { timeoutMs: call.timeoutMs, signal: call.signal }),
  );
  return { accessToken, values: { [projectId ? "project_id" : "space_id"]: scope, version } };
}

export const watsonxDriver: FamilyDriver = {
  access,
  address(encoded, call, { values }) {
    const { model: _model, stream: _stream, stream_options: _streamOptions, tool_choice: toolChoice, ...rest } = asObject(encoded.body);
    const body: Record<string, unknown> = { model_id: call.model, ...rest };
    if (values.project_id) body.project_id = values.project_id;
    else body.space_id = values.space_id;
    if (typeof toolChoice === "string") body.tool_choice_option = toolChoice;
    else if (toolChoice !== undefined) body.tool_choice = toolChoice;
    return { path: `/ml/v1/text/${call.stream ? "chat_stream" : "chat"}?version=${encodeURIComponent(values.version ?? "")}`, body };
  },
};
