// Gemini Code Assist (`cloudcode-pa`'s `/v1internal:…` methods, Gemini CLI's Google sign-in). `loadCodeAssist`
// names the account's tier and project; an account whose token contains "onboard" has no tier until it is onboarded
// (`onboardUser` on the free tier, which must not name a project, returns an operation that `GET /v1internal/
// operations/…` reports done with a managed project). `generateContent` / `streamGenerateContent?alt=sse` take
// `{model, project, request}` for the account's project and answer the Gemini handler's bodies wrapped as
// `{response, traceId}`, stream events included; errors are Google RPC errors, unwrapped.
import { bearerOf, type CloudAccounts } from "./cloud-accounts.ts";
import { handleGenerateContent, handleStreamGenerateContent } from "./gemini-generate.ts";
import { geminiErrorResponse, geminiInvalidArgument } from "./gemini-errors.ts";
import type { HandlerContext } from "./handler-context.ts";
import { isJsonObject } from "./json-guards.ts";

export const companionProject = "mock-companion-project";
export const onboardedProject = "managed-onboarded-project";
const tiers = [
  { id: "free-tier", name: "Gemini Code Assist for individuals", isDefault: true },
  { id: "standard-tier", name: "Gemini Code Assist", userDefinedCloudaicompanionProject: true },
];

const onboardedAccounts = new WeakMap<CloudAccounts, Set<string>>();
const onboarded = (context: HandlerContext) => onboardedAccounts.get(context.cloud) ?? onboardedAccounts.set(context.cloud, new Set()).get(context.cloud)!;

function projectOf(context: HandlerContext): string | undefined {
  const token = bearerOf(context.headers) ?? "";
  if (!token.includes("onboard")) return companionProject;
  return onboarded(context).has(token) ? onboardedProject : undefined;
}

export async function handleCodeAssist(context: HandlerContext): Promise<Response> {
  const method = context.pathParameters.method;
  if (method === "loadCodeAssist") {
    const project = projectOf(context);
    return Response.json(project ? { currentTier: tiers[0], allowedTiers: tiers, cloudaicompanionProject: project, gcpManaged: false } : { allowedTiers: tiers, gcpManaged: false });
  }
  if (method === "onboardUser") {
    const body = isJsonObject(context.body) ? context.body : {};
    if (body.tierId === "free-tier" && body.cloudaicompanionProject !== undefined) return geminiErrorResponse(400, "INVALID_ARGUMENT", "Precondition Failed: the free tier uses a managed project");
    return Response.json({ name: `operations/onboard-${encodeURIComponent(bearerOf(context.headers) ?? "")}`, done: false });
  }
  if (method === "generateContent" || method === "streamGenerateContent") return generate(context, method === "streamGenerateContent");
  return geminiErrorResponse(404, "NOT_FOUND", `Method ${method} not found.`);
}

export async function handleCodeAssistOperation(context: HandlerContext): Promise<Response> {
  const token = bearerOf(context.headers) ?? "";
  if (context.pathParameters.operation !== `operations/onboard-${token}`) return geminiErrorResponse(404, "NOT_FOUND", "Operation not found.");
  onboarded(context).add(token);
  return Response.json({ name: context.pathParameters.operation, done: true, response: { cloudaicompanionProject: { id: onboardedProject, name: "Managed project" } } });
}

async function generate(context: HandlerContext, stream: boolean): Promise<Response> {
  const body = context.body;
  if (!isJsonObject(body) || typeof body.model !== "string" || !isJsonObject(body.request)) return geminiInvalidArgument("Invalid JSON payload: model and request are required.");
  const project = projectOf(context);
  if (!project || body.project !== project) return geminiErrorResponse(403, "PERMISSION_DENIED", `Permission denied on resource project ${String(body.project)}.`);
  const inner = { ...context, body: body.request, pathParameters: { model: body.model, apiVersion: "v1internal" } };
  const answer = stream ? await handleStreamGenerateContent(inner) : await handleGenerateContent(inner);
  const traceId = `mock-trace-${context.requestId}`;
  if (!answer.ok) return answer;
  if (!stream) return Response.json({ response: await answer.json(), traceId });
  return new Response(answer.body!.pipeThrough(wrapEvents(traceId)), { headers: answer.headers });
}

/** Each `data:` event of a Gemini SSE stream wrapped as `{response, traceId}`; error events stay as they are. */
function wrapEvents(traceId: string): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let buffered = "";
  const wrap = (block: string): string => {
    const data = block.replace(/^data: /, "").trim();
    if (data === "") return "";
    const chunk = JSON.parse(data) as Record<string, unknown>;
    return `data: ${JSON.stringify("error" in chunk ? chunk : { response: chunk, traceId })}\r\n\r\n`;
  };
  return new TransformStream({
    transform(bytes, controller) {
      buffered += decoder.decode(bytes, { stream: true }).replaceAll("\r\n", "\n");
      const blocks = buffered.split("\n\n");
      buffered = blocks.pop() ?? "";
      const text = blocks.map(wrap).join("");
      if (text) controller.enqueue(encoder.encode(text));
    },
    flush(controller) {
      const text = wrap(buffered);
      if (text) controller.enqueue(encoder.encode(text));
    },
  });
}
