// What a family that is an existing wire format somewhere else adds around the codec: the format per model (Vertex
// serves Gemini and Claude), the access an account needs before a call (an exchanged token, a project id looked up
// once), and the URL and body shape its API wants. Families without a driver use the codec's request as it is.
import { GatewayError, UpstreamError, UpstreamUnavailableError } from "../../errors/gateway-errors.ts";
import type { Connection } from "../../gateway/connection-registry.ts";
import { exchangedTokens, type TokenExchange } from "../../oauth/exchanged-token-cache.ts";
import { OAuthError } from "../../oauth/oauth-error.ts";
import type { EncodedUpstreamRequest } from "../../protocol/format-codec.ts";
import type { FormatId } from "../../protocol/ir.ts";

export type FamilyCall = { connection: Connection; model: string; stream: boolean; timeoutMs: number; signal?: AbortSignal };

export type UpstreamAccess = {
  /** A token obtained for this call, sent as Bearer instead of the stored credential. */
  accessToken?: string;
  /** Account values the request's URL or body names (project, location, API version). */
  values: Readonly<Record<string, string>>;
};

export type FamilyDriver = {
  /** The wire format for one model; the family's own format when absent. */
  formatFor?(connection: Connection, model: string): FormatId | undefined;
  access?(call: FamilyCall): Promise<UpstreamAccess>;
  /** Moves the codec's request to this family's URL and body shape. */
  address?(encoded: EncodedUpstreamRequest, call: FamilyCall, access: UpstreamAccess): EncodedUpstreamRequest;
};

/** The key of a connection's exchanged token: a changed credential never reuses the old one's token. */
export function tokenKeyOf(connection: Connection): string {
  return `${connection.name}#${connection.credentialFingerprint}`;
}

/** An exchanged access token for the connection, with exchange failures as the gateway's errors. */
export async function exchangedAccessToken(connection: Connection, exchange: TokenExchange): Promise<string> {
  try {
    return await exchangedTokens.accessToken(tokenKeyOf(connection), exchange);
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    const message = `Connection ${connection.name}: ${error.message}`;
    if (error.kind === "transient") throw new UpstreamUnavailableError(message, "token_exchange_failed");
    throw new UpstreamError(message, 401, false, "token_exchange_refused");
  }
}

/** A setting the family cannot work without. */
export function requiredSetting(connection: Connection, name: string, value: string | undefined, hint: string): string {
  if (value) return value;
  throw new GatewayError(`Connection ${connection.name} has no ${name} setting; ${hint}`, 400, "invalid_request", "connection_setting_missing", name);
}
