// The contract between the mock server (which owns sockets, recording, routing and auth) and the per-format route
// handlers (which only speak their wire format). Kept separate so handler modules never import the server.
import type { CloudAccounts } from "./cloud-accounts.ts";

export type HandlerContext = {
  /** Parsed JSON request body (already validated as JSON by the server; null when the body was empty or not JSON). */
  body: unknown;
  /** The body as received (token endpoints take form-encoded bodies). */
  rawBody: string;
  /** The cloud accounts this mock knows (service accounts, issued access tokens); see cloud-accounts.ts. */
  cloud: CloudAccounts;
  /** Received request headers, names lowercased. */
  headers: Record<string, string>;
  /** The full request URL (query parameters such as Gemini's `alt=sse` live here). */
  url: URL;
  /** Named groups of the route's path pattern, URL-decoded (e.g. Gemini's `model`); empty for fixed paths. */
  pathParameters: Record<string, string>;
  /** This request's id, also sent back in the `x-request-id` (and for Anthropic `request-id`) header. */
  requestId: string;
  /** Aborts when the client disconnects or the mock upstream stops; every wait must end on it. */
  signal: AbortSignal;
  /** A per-mock counter for response ids, e.g. `chatcmpl-mock-<number>`. */
  nextResponseNumber(): number;
};

export type RouteHandler = (context: HandlerContext) => Promise<Response>;
