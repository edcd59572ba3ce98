// The base every admin resource plugin starts from, so no handler can forget to authenticate: a dashboard
// session (CSRF-checked for state changes) or an admin API key, checked before the body is validated; anything
// else ends with 401 or 403. Also the 409 error the resources share.
import { Elysia } from "elysia";
import { GatewayError } from "../../errors/gateway-errors.ts";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { authenticateAdmin } from "./admin-auth.ts";

export function adminPlugin(runtime: GatewayRuntime, name: string) {
  return new Elysia({ name }).onTransform(({ request }) => {
    authenticateAdmin(runtime, request);
  });
}

/** 409: the name is taken, or the change would leave the configuration inconsistent. */
export class ConflictError extends GatewayError {
  constructor(message: string) {
    super(message, 409, "invalid_request", "conflict");
  }
}

/** Names of connections, combos and keys: what the config file accepts, so both stay interchangeable. */
export const resourceNamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$";
