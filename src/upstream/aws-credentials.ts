// Reads the credential of an `aws-sigv4` connection. One stored secret says which of AWS's two ways to sign in
// it is:
//   {"accessKeyId": "...", "secretAccessKey": "...", "sessionToken": "...", "region": "us-east-1"}   IAM keys (SigV4)
//   ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]                                                  IAM keys (SigV4)
//   {"apiKey": "...", "region": "us-east-1"}  or any other string                                   API key (Bearer)
// `region`, when given, stands in for the connection's region setting when that is unset: it fills the base URL's
// `{region}` and scopes the signature. With neither, the region is read from the host
// (`bedrock-runtime.<region>.amazonaws.com`).
import type { AwsCredentials } from "./aws-signature-v4.ts";

export type AwsConnectionCredential =
  | { kind: "iam"; credentials: AwsCredentials; region?: string }
  | { kind: "api-key"; apiKey: string; region?: string };

const accessKeyIdPattern = /^[A-Z0-9]{16,128}$/;

const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() ? value.trim() : undefined);

function fromJson(credential: string): AwsConnectionCredential | undefined {
  let value: unknown;
  try {
    value = JSON.parse(credential);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const fields = value as Record<string, unknown>;
  const region = text(fields.region);
  const accessKeyId = text(fields.accessKeyId);
  const secretAccessKey = text(fields.secretAccessKey);
  if (accessKeyId && secretAccessKey) {
    const sessionToken = text(fields.sessionToken);
    return { kind: "iam", credentials: sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey }, region };
  }
  const apiKey = text(fields.apiKey);
  return apiKey ? { kind: "api-key", apiKey, region } : undefined;
}

function fromKeyPair(credential: string): AwsConnectionCredential | undefined {
  const parts = credential.split(":");
  if (parts.length < 2 || parts.length > 3 || !accessKeyIdPattern.test(parts[0]!) || parts.some((part) => !part || /\s/.test(part))) return undefined;
  const [accessKeyId, secretAccessKey, sessionToken] = parts as [string, string, string | undefined];
  return { kind: "iam", credentials: sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey } };
}

export function readAwsCredential(credential: string): AwsConnectionCredential {
  const trimmed = credential.trim();
  return fromJson(trimmed) ?? fromKeyPair(trimmed) ?? { kind: "api-key", apiKey: trimmed };
}

/** The region of an AWS endpoint (`<service>.<region>.amazonaws.com`, also `.amazonaws.com.cn`), if the host is one. */
export function regionOfAwsHost(host: string): string | undefined {
  return /^[a-z0-9-]+\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/.exec(host)?.[1];
}
