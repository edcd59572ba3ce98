// Builds what the request inspector keeps when body capture is on: allow-listed request headers (never
// credentials or cookies) and the request and response bodies, each capped and passed through secret redaction.
import { redactSecrets } from "../security/redact-secrets.ts";
import type { RequestCapture } from "./usage-record.ts";

export const captureLimitBytes = 64 * 1024;

const capturedHeaders = ["content-type", "user-agent", "accept", "anthropic-version", "anthropic-beta", "openai-beta", "x-stainless-lang", "x-stainless-package-version", "x-amrouter-session"];

function capped(text: string | undefined): { text: string | null; truncated: boolean } {
  if (text === undefined) return { text: null, truncated: false };
  const redacted = redactSecrets(text);
  return redacted.length > captureLimitBytes ? { text: redacted.slice(0, captureLimitBytes), truncated: true } : { text: redacted, truncated: false };
}

export function buildCapture(requestId: string, headers: Headers, requestBody: unknown, responseBody: string | undefined): RequestCapture {
  const requestHeaders: Record<string, string> = {};
  for (const name of capturedHeaders) {
    const value = headers.get(name);
    if (value) requestHeaders[name] = value;
  }
  const request = capped(JSON.stringify(requestBody));
  const response = capped(responseBody);
  return { requestId, timestamp: Date.now(), requestHeaders, requestBody: request.text, responseBody: response.text, truncated: request.truncated || response.truncated };
}
