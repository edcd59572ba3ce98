// The one place the request path asks a connection's family how to reach it: which wire format a model speaks,
// and where (and with which token) the encoded request goes. Families with a driver in families/ adjust the
// codec's request; every other family sends it as encoded, to the connection's base URL with its stored credential.
import type { Connection } from "../gateway/connection-registry.ts";
import { exchangedTokens } from "../oauth/exchanged-token-cache.ts";
import { wireFormatOf } from "../protocol/family-formats.ts";
import type { EncodedUpstreamRequest } from "../protocol/format-codec.ts";
import type { FormatId } from "../protocol/ir.ts";
import { tokenKeyOf, type FamilyCall, type FamilyDriver } from "./families/family-driver.ts";
import { codeAssistDriver } from "./families/gemini-code-assist.ts";
import { vertexDriver } from "./families/vertex.ts";
import { watsonxDriver } from "./families/watsonx.ts";

const drivers: Readonly<Record<string, FamilyDriver>> = {
  vertex: vertexDriver,
  watsonx: watsonxDriver,
  "gemini-code-assist": codeAssistDriver,
};

export type RoutedRequest = EncodedUpstreamRequest & { accessToken?: string };

export function upstreamFormatFor(connection: Connection, model: string): FormatId | undefined {
  const driver = drivers[connection.provider.family];
  return driver?.formatFor ? driver.formatFor(connection, model) : wireFormatOf(connection.provider.family);
}

/** Synchronous (no promise) for the families that send the request as encoded, which is nearly every call. */
export function routeUpstreamRequest(call: FamilyCall, encoded: EncodedUpstreamRequest): RoutedRequest | Promise<RoutedRequest> {
  const driver = drivers[call.connection.provider.family];
  if (!driver?.access && !driver?.address) return encoded;
  return routeThroughDriver(driver, call, encoded);
}

async function routeThroughDriver(driver: FamilyDriver, call: FamilyCall, encoded: EncodedUpstreamRequest): Promise<RoutedRequest> {
  const access = driver.access ? await driver.access(call) : { values: {} };
  const routed: RoutedRequest = driver.address ? driver.address(encoded, call, access) : encoded;
  if (access.accessToken) routed.accessToken = access.accessToken;
  return routed;
}

/**
 * After a 401 for an exchanged token: drops it and exchanges again. Undefined when the connection has no exchanged
 * token (its stored credential was sent, and only the OAuth refresher can renew that).
 */
export async function renewAccessToken(call: FamilyCall, rejectedAccessToken: string): Promise<string | undefined> {
  exchangedTokens.forget(tokenKeyOf(call.connection), rejectedAccessToken);
  const access = await drivers[call.connection.provider.family]?.access?.(call);
  return access?.accessToken;
}
