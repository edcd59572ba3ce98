// The two token endpoints the cloud families exchange credentials at. Google's (`POST /token`): the JWT-bearer
// grant, whose RS256 assertion is verified against the public key of a trusted service account (issuer, audience,
// scope and expiry checked), answered with an access token or `invalid_grant`. IBM Cloud IAM's
// (`POST /identity/token`): the API-key grant, answered like IAM (access_token, expires_in, expiration) or with
// IAM's error body for a key that starts with "invalid".
import type { HandlerContext } from "./handler-context.ts";

const jwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const iamApiKeyGrant = "urn:ibm:params:oauth:grant-type:apikey";

function invalidGrant(description: string): Response {
  return Response.json({ error: "invalid_grant", error_description: description }, { status: 400 });
}

export async function handleGoogleToken(context: HandlerContext): Promise<Response> {
  const form = new URLSearchParams(context.rawBody);
  if (form.get("grant_type") !== jwtBearerGrant) return Response.json({ error: "unsupported_grant_type", error_description: "Invalid grant_type" }, { status: 400 });
  const [header, payload, signature] = (form.get("assertion") ?? "").split(".");
  if (!header || !payload || !signature) return invalidGrant("Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
  const publicKey = context.cloud.publicKeyOf(String(claims.iss));
  if (!publicKey) return invalidGrant("Invalid JWT Signature.");
  const signed = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", publicKey, Buffer.from(signature, "base64url"), new TextEncoder().encode(`${header}.${payload}`));
  if (!signed) return invalidGrant("Invalid JWT Signature.");
  const now = Math.floor(Date.now() / 1000);
  if (claims.aud !== `${context.url.origin}/token`) return invalidGrant("Invalid JWT: audience does not match the token endpoint.");
  if (typeof claims.exp !== "number" || typeof claims.iat !== "number" || claims.exp <= now || claims.exp - claims.iat > 3600) {
    return invalidGrant("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.");
  }
  if (!String(claims.scope ?? "").split(" ").includes("https://www.googleapis.com/auth/cloud-platform")) return invalidGrant("Invalid OAuth scope or ID token audience provided.");
  return Response.json({ access_token: context.cloud.issueGoogleToken(String(claims.iss)), expires_in: 3599, token_type: "Bearer" });
}

export async function handleIamToken(context: HandlerContext): Promise<Response> {
  const form = new URLSearchParams(context.rawBody);
  const apiKey = form.get("apikey") ?? "";
  if (form.get("grant_type") !== iamApiKeyGrant) {
    return Response.json({ errorCode: "BXNIM0103E", errorMessage: "Grant type is not supported.", context: { requestId: context.requestId } }, { status: 400 });
  }
  if (apiKey === "" || apiKey.startsWith("invalid")) {
    return Response.json({ errorCode: "BXNIM0415E", errorMessage: "Provided API key could not be found.", context: { requestId: context.requestId } }, { status: 400 });
  }
  const now = Math.floor(Date.now() / 1000);
  return Response.json({ access_token: context.cloud.issueIamToken(apiKey), refresh_token: "not_supported", token_type: "Bearer", expires_in: 3600, expiration: now + 3600, scope: "ibm openid" });
}
