// Reads the fields that matter for resilience out of a parsed upstream error body, whatever the provider family:
// OpenAI `{error:{message,type,code}}`, Anthropic `{type:"error",error:{type,message,details:{error_code}}}` and
// Gemini `{error:{code,message,status,details:[{"@type":...}]}}`. Retry hints and failure classification both need
// these, and both must tolerate bodies that are missing, raw text, or shaped unexpectedly.

export type UpstreamErrorFields = {
  message?: string;
  /** OpenAI `error.code` (string), e.g. "insufficient_quota", "context_length_exceeded". */
  code?: string;
  /** OpenAI / Anthropic `error.type`, e.g. "insufficient_quota", "billing_error", "not_found_error". */
  type?: string;
  /** Gemini `error.status`, e.g. "RESOURCE_EXHAUSTED", "NOT_FOUND". */
  status?: string;
  /** Anthropic `error.details.error_code`, e.g. "enforced_spend_limit_reached". */
  detailCode?: string;
  /** Gemini `error.details[]` (google.rpc.* messages identified by "@type"). */
  details: unknown[];
};

const googleTypePrefix = "type.googleapis.com/";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringField(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Accepts the parsed JSON body, its raw text, or a Gemini stream array whose first element is the error. */
function normalizeBody(body: unknown): unknown {
  let value = body;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(value)) value = value[0];
  return value;
}

export function readUpstreamErrorFields(body: unknown): UpstreamErrorFields {
  const value = normalizeBody(body);
  const fields: UpstreamErrorFields = { details: [] };
  if (!isRecord(value)) return fields;
  const error = value.error;
  if (typeof error === "string") {
    fields.message = error;
    return fields;
  }
  if (!isRecord(error)) {
    fields.message = stringField(value.message);
    return fields;
  }
  fields.message = stringField(error.message);
  fields.code = stringField(error.code);
  fields.type = stringField(error.type);
  fields.status = stringField(error.status);
  if (Array.isArray(error.details)) fields.details = error.details;
  else if (isRecord(error.details)) fields.detailCode = stringField(error.details.error_code);
  return fields;
}

/** The Gemini google.rpc detail messages of one kind, e.g. "google.rpc.RetryInfo". */
export function googleDetails(fields: UpstreamErrorFields, rpcType: string): Array<Record<string, unknown>> {
  return fields.details.filter(
    (detail): detail is Record<string, unknown> => isRecord(detail) && detail["@type"] === `${googleTypePrefix}${rpcType}`,
  );
}

export { isRecord };
