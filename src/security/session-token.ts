// Dashboard sessions: a compact HS256 JWT signed with JWT_SECRET, carried in an HttpOnly, SameSite=Strict
// cookie. Verification is constant-time and checks expiry.

export type SessionClaims = { sub: string; iat: number; exp: number };

const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

function sign(payload: string, secret: string): string {
  return new Bun.CryptoHasher("sha256", secret).update(`${header}.${payload}`).digest("base64url");
}

export function issueSessionToken(secret: string, subject: string, lifetimeSeconds: number, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const payload = Buffer.from(JSON.stringify({ sub: subject, iat, exp: iat + lifetimeSeconds })).toString("base64url");
  return `${header}.${payload}.${sign(payload, secret)}`;
}

export function verifySessionToken(secret: string, token: string, now = Date.now()): SessionClaims | undefined {
  const [tokenHeader, payload, signature] = token.split(".");
  if (tokenHeader !== header || !payload || !signature) return undefined;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as SessionClaims;
    return typeof claims.exp === "number" && claims.exp * 1000 > now ? claims : undefined;
  } catch {
    return undefined;
  }
}
