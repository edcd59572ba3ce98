// The last step before an upstream request leaves: connections whose auth style is `aws-sigv4` and whose
// credential is an IAM key pair get a Signature Version 4 over the final URL, headers and body. Every other
// connection is already authenticated by its headers (src/upstream/upstream-request-headers.ts).
import { GatewayError } from "../errors/gateway-errors.ts";
import type { Connection } from "../gateway/connection-registry.ts";
import { readAwsCredential, regionOfAwsHost } from "./aws-credentials.ts";
import { signAwsRequest } from "./aws-signature-v4.ts";

/** Adds the signature headers to `request.headers` (lower-case names). */
export function signUpstreamRequest(connection: Connection, request: { method: string; url: string; headers: Record<string, string>; body?: string }): void {
  const auth = connection.provider.auth;
  if (auth.style !== "aws-sigv4" || !connection.credential) return;
  const credential = readAwsCredential(connection.credential);
  if (credential.kind !== "iam") return;
  // The region setting already holds the credential's region when the connection sets none (connection-registry.ts).
  const region = connection.settings.region ?? credential.region ?? regionOfAwsHost(new URL(request.url).hostname);
  if (!region) {
    throw new GatewayError(
      `Connection ${connection.name} signs with AWS keys but its region is unknown: set its region setting (e.g. us-east-1), or use a base URL such as https://bedrock-runtime.us-east-1.amazonaws.com.`,
      500,
      "internal",
      "aws_region_unknown",
    );
  }
  const headers = new Headers(request.headers);
  signAwsRequest({ ...request, headers }, credential.credentials, { region, service: auth.service });
  for (const [name, value] of headers) request.headers[name] = value;
}
