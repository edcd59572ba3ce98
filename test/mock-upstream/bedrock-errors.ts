// Amazon Bedrock's error wire format for the mock `/model/{modelId}/converse[-stream]` routes: a JSON body
// `{"message": ...}` whose kind is the `x-amzn-errortype` header (`ThrottlingException:http://internal.amazon.com/
// coral/com.amazon.bedrock/`), and authentication either by a Bedrock API key (Bearer) or by an AWS Signature
// Version 4. The mock checks a signature's shape (scope, date, signed headers, hex signature); the signature
// itself is verified against AWS's test suite in test/upstream/aws-signature-v4.test.ts. Bedrock answers a bad
// key with 403, never 401, so the error-401 scenario does too.

import type { ScenarioErrors } from "./scenario-responses.ts";
import type { ErrorStatus } from "./scenarios.ts";
import { hasBearerKey, type IncomingRequest, type WireProtocol } from "./wire-protocols.ts";

export function bedrockError(status: number, errorType: string, message: string): Response {
  return Response.json(
    { message },
    { status, headers: { "x-amzn-errortype": `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`, "x-amzn-requestid": crypto.randomUUID() } },
  );
}

const signaturePattern =
  /^AWS4-HMAC-SHA256 Credential=(?<keyId>[A-Z0-9]{16,128})\/(?<day>\d{8})\/(?<region>[a-z0-9-]+)\/(?<service>[a-z0-9-]+)\/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=[0-9a-f]{64}$/;

/** Why a SigV4 Authorization header would be refused, or undefined when its shape is right. */
export function signatureProblem(headers: Record<string, string>): string | undefined {
  const match = signaturePattern.exec(headers["authorization"] ?? "");
  if (!match?.groups) return "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters in AWS4-HMAC-SHA256 form.";
  const amzDate = headers["x-amz-date"] ?? "";
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || !amzDate.startsWith(match.groups.day!)) return "The credential scope date does not match the X-Amz-Date header.";
  if (match.groups.service !== "bedrock") return `Credential should be scoped to correct service: 'bedrock'.`;
  const signed = match.groups.signed!.split(";");
  const required = ["host", "x-amz-date", ...(headers["x-amz-security-token"] ? ["x-amz-security-token"] : [])];
  const missing = required.filter((name) => !signed.includes(name));
  if (missing.length > 0) return `Signed headers must include ${missing.join(", ")}.`;
  if (signed.join(";") !== [...signed].sort().join(";")) return "SignedHeaders must be sorted.";
  return undefined;
}

function rejectUnauthenticated(request: IncomingRequest): Response | undefined {
  if (hasBearerKey(request.headers)) return undefined;
  if (!request.headers["authorization"]) return bedrockError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
  const problem = signatureProblem(request.headers);
  return problem ? bedrockError(403, "IncompleteSignatureException", problem) : undefined;
}

export const bedrockProtocol: WireProtocol = {
  rejectUnauthenticated,
  invalidJsonResponse: () => bedrockError(400, "SerializationException", "Unable to parse the request body as JSON."),
  unknownRouteResponse: (method, path) => bedrockError(404, "UnknownOperationException", `No operation matches ${method} ${path}`),
  responseHeaders: () => ({}),
};

function errorStatusResponse(status: ErrorStatus, model: string): Response {
  switch (status) {
    case 400:
      return bedrockError(400, "ValidationException", "Invalid request (mock error-400).");
    case 401:
      return bedrockError(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
    case 403:
      return bedrockError(403, "AccessDeniedException", "You don't have access to the model with the specified model ID.");
    case 404:
      return bedrockError(404, "ResourceNotFoundException", `Model ${model} not found.`);
    case 500:
      return bedrockError(500, "InternalServerException", "The server encountered an internal error while processing the request.");
    case 503:
      return bedrockError(503, "ServiceUnavailableException", "Bedrock is unable to process your request.");
  }
}

export const bedrockScenarioErrors: ScenarioErrors = {
  errorStatus: errorStatusResponse,
  rateLimit: () => bedrockError(429, "ThrottlingException", "Too many requests, please wait before trying again."),
  contextTooLong: () => bedrockError(400, "ValidationException", "Input is too long for requested model."),
  overloaded: () => bedrockError(503, "ServiceUnavailableException", "Bedrock is unable to process your request."),
  upstreamExploded: () => bedrockError(500, "InternalServerException", "upstream exploded"),
  truncatedJsonStart: '{"output":{"message":{"role":"assistant","content":[',
};

/** Bedrock-only failures, chosen by model name like the shared scenarios: a model that timed out or failed. */
export function bedrockModelFailure(model: string): Response | undefined {
  if (model === "model-timeout") return bedrockError(408, "ModelTimeoutException", "Model has timed out in processing the request.");
  if (model === "model-error") return bedrockError(424, "ModelErrorException", "The model returned an error (mock model-error).");
  return undefined;
}
