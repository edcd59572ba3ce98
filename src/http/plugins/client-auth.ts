// Identifies the client's AmRouter API key from whichever header its SDK uses (Bearer, x-api-key,
// x-goog-api-key, ?key=). With REQUIRE_API_KEY a missing or unknown key is refused; without it, unknown keys
// (an SDK needs some string) pass as anonymous.
import { AuthenticationError } from "../../errors/gateway-errors.ts";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import type { ApiKeyIdentity } from "../../security/api-key-registry.ts";

export function presentedApiKey(request: Request): string | undefined {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    // What every SDK sends, read without the pattern below.
    if (authorization.startsWith("Bearer ")) {
      const key = authorization.slice(7).trim();
      if (key) return key;
    }
    const match = /^bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1]!.trim();
  }
  const headerKey = request.headers.get("x-api-key") ?? request.headers.get("x-goog-api-key");
  if (headerKey) return headerKey.trim();
  const queryStart = request.url.indexOf("?");
  if (queryStart >= 0) return new URLSearchParams(request.url.slice(queryStart + 1)).get("key") ?? undefined;
  return undefined;
}

export function authenticateClient(runtime: GatewayRuntime, request: Request): ApiKeyIdentity | undefined {
  const key = presentedApiKey(request);
  const identity = key ? runtime.apiKeys.identify(key) : undefined;
  if (!identity && runtime.settings.requireApiKey) {
    throw new AuthenticationError(
      key ? "Invalid or revoked API key." : "An API key is required. Send it as Authorization: Bearer amr_... (create one with `amrouter keys create NAME`).",
    );
  }
  return identity;
}
