// A Google Cloud service-account key file (the JSON `gcloud iam service-accounts keys create` writes) as a
// connection's credential: a JWT with the account's email as issuer, signed RS256 with its private key (WebCrypto,
// no dependency), is exchanged at the key's token_uri for an access token (RFC 7523 JWT-bearer grant).
import { exchangeGrant } from "./grant-exchange.ts";
import { isRecord, type OAuthToken } from "./oauth-token.ts";
import type { EndpointOptions } from "./token-endpoint.ts";

export type ServiceAccountKey = {
  clientEmail: string;
  privateKey: string;
  privateKeyId?: string;
  tokenUri: string;
  projectId?: string;
};

const googleTokenUri = "https://oauth2.googleapis.com/token";
const assertionLifetimeSeconds = 3600;

/** The key in a credential, or undefined when the credential is something else (an access token, an API key). */
export function parseServiceAccountKey(credential: string | undefined): ServiceAccountKey | undefined {
  if (!credential || !credential.trimStart().startsWith("{")) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(credential);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || value.type !== "service_account") return undefined;
  const { client_email: clientEmail, private_key: privateKey } = value;
  if (typeof clientEmail !== "string" || typeof privateKey !== "string") return undefined;
  const key: ServiceAccountKey = { clientEmail, privateKey, tokenUri: typeof value.token_uri === "string" ? value.token_uri : googleTokenUri };
  if (typeof value.private_key_id === "string") key.privateKeyId = value.private_key_id;
  if (typeof value.project_id === "string") key.projectId = value.project_id;
  return key;
}

export async function exchangeServiceAccountKey(key: ServiceAccountKey, scope: string, options: EndpointOptions & { now?: () => number } = {}): Promise<OAuthToken> {
  const assertion = await signAssertion(key, scope, Math.floor((options.now ?? Date.now)() / 1000));
  return exchangeGrant(key.tokenUri, { grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }, "The service-account token exchange", options);
}

export async function signAssertion(key: ServiceAccountKey, scope: string, issuedAt: number): Promise<string> {
  const header: Record<string, string> = { alg: "RS256", typ: "JWT" };
  if (key.privateKeyId) header.kid = key.privateKeyId;
  const claims = { iss: key.clientEmail, scope, aud: key.tokenUri, iat: issuedAt, exp: issuedAt + assertionLifetimeSeconds };
  const signingInput = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(claims))}`;
  const cryptoKey = await crypto.subtle.importKey("pkcs8", pemBody(key.privateKey), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
  const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", cryptoKey, new TextEncoder().encode(signingInput));
  return `${signingInput}.${base64Url(new Uint8Array(signature))}`;
}

function pemBody(pem: string): Uint8Array<ArrayBuffer> {
  const base64 = pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, "").replace(/\s+/g, "");
  return Uint8Array.from(Buffer.from(base64, "base64"));
}

function base64Url(value: string | Uint8Array): string {
  return Buffer.from(value).toString("base64url");
}
