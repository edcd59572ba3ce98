// AWS Signature Version 4 for upstreams that take IAM credentials (auth style `aws-sigv4`, e.g. Bedrock): the
// canonical request, the string to sign and the HMAC-SHA256 key chain, as AWS documents them. It signs the host,
// the content type and every x-amz-* header, so a proxy may still add or rewrite others (user-agent) without
// breaking the signature. Pure and synchronous; `now` is a parameter so AWS's published test vectors can pin it.
export type AwsCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export type AwsSigningScope = { region: string; service: string };

export type SignableRequest = { method: string; url: string; headers: Headers; body?: string };

const algorithm = "AWS4-HMAC-SHA256";

function sha256Hex(data: string): string {
  return new Bun.CryptoHasher("sha256").update(data).digest("hex");
}

function hmac(key: string | Uint8Array, data: string): Uint8Array {
  return new Uint8Array(new Bun.CryptoHasher("sha256", key).update(data).digest().buffer);
}

/** RFC 3986 percent-encoding (encodeURIComponent leaves !'()* alone; AWS encodes them). */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Every service but S3 signs each path segment encoded twice: the path as sent (already encoded once, so a model
 * id's `:` is `%3A`) is encoded again (`%253A`).
 */
export function canonicalPath(pathname: string): string {
  if (pathname === "" || pathname === "/") return "/";
  return pathname.split("/").map(encodeRfc3986).join("/");
}

function canonicalQuery(url: URL): string {
  const pairs = [...url.searchParams].map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const);
  pairs.sort(([nameA, valueA], [nameB, valueB]) => (nameA < nameB ? -1 : nameA > nameB ? 1 : valueA < valueB ? -1 : valueA > valueB ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join("&");
}

/** `20150830T123600Z`: ISO 8601 basic format, seconds precision, UTC. */
export function amzDateOf(now: Date): string {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

function signingKey(secret: string, day: string, scope: AwsSigningScope): Uint8Array {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), scope.region), scope.service), "aws4_request");
}

/** Adds x-amz-date, x-amz-security-token (temporary credentials) and the Authorization header to the request. */
export function signAwsRequest(request: SignableRequest, credentials: AwsCredentials, scope: AwsSigningScope, now: Date = new Date()): void {
  const url = new URL(request.url);
  const amzDate = amzDateOf(now);
  const day = amzDate.slice(0, 8);
  request.headers.set("x-amz-date", amzDate);
  if (credentials.sessionToken) request.headers.set("x-amz-security-token", credentials.sessionToken);

  const signed = new Map<string, string>([["host", url.host]]);
  for (const [name, value] of request.headers) {
    if (name === "content-type" || name.startsWith("x-amz-")) signed.set(name, value.trim().replace(/\s+/g, " "));
  }
  const names = [...signed.keys()].sort();
  const signedHeaders = names.join(";");
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(url.pathname),
    canonicalQuery(url),
    names.map((name) => `${name}:${signed.get(name)}\n`).join(""),
    signedHeaders,
    sha256Hex(request.body ?? ""),
  ].join("\n");
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [algorithm, amzDate, credentialScope, sha256Hex(canonicalRequest)].join("\n");
  const signature = new Bun.CryptoHasher("sha256", signingKey(credentials.secretAccessKey, day, scope)).update(stringToSign).digest("hex");
  request.headers.set("authorization", `${algorithm} Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`);
}
