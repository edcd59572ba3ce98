import { describe, expect, test } from "bun:test";
import { anthropicMessagesCodec } from "../../../src/protocol/anthropic-messages/index.ts";

const codec = anthropicMessagesCodec;

describe("anthropic errors", () => {
  test("errorBody picks the Anthropic type by status", () => {
    const typeFor = (status: number) => (codec.errorBody({ status, message: "m" }) as any).error.type;
    expect(codec.errorBody({ status: 400, message: "bad" })).toEqual({ type: "error", error: { type: "invalid_request_error", message: "bad" } });
    expect([400, 401, 402, 403, 404, 413, 422, 429, 500, 502, 503, 504, 529].map(typeFor)).toEqual([
      "invalid_request_error",
      "authentication_error",
      "billing_error",
      "permission_error",
      "not_found_error",
      "request_too_large",
      "invalid_request_error",
      "rate_limit_error",
      "api_error",
      "api_error",
      "api_error",
      "timeout_error",
      "overloaded_error",
    ]);
  });

  test("an IR type that is already an Anthropic type is kept; foreign types are not", () => {
    expect((codec.errorBody({ status: 500, message: "x", type: "overloaded_error" }) as any).error.type).toBe("overloaded_error");
    expect((codec.errorBody({ status: 500, message: "x", type: "server_error" }) as any).error.type).toBe("api_error");
  });

  test("decodeError reads Anthropic bodies, other shapes and plain text", () => {
    expect(
      codec.decodeError!(429, {
        type: "error",
        error: { type: "rate_limit_error", message: "Slow down", details: { error_code: "enforced_spend_limit_reached" } },
        request_id: "req_1",
      }),
    ).toEqual({ status: 429, message: "Slow down", type: "rate_limit_error", code: "enforced_spend_limit_reached" });
    expect(codec.decodeError!(529, { type: "error", error: { type: "overloaded_error", message: "Overloaded" } })).toEqual({
      status: 529,
      message: "Overloaded",
      type: "overloaded_error",
      code: null,
    });
    expect(codec.decodeError!(400, { error: { message: "openai-ish" } })).toMatchObject({ message: "openai-ish", type: "invalid_request_error" });
    expect(codec.decodeError!(502, "Bad Gateway\n")).toMatchObject({ message: "Bad Gateway", type: "api_error" });
    expect(codec.decodeError!(503, undefined)).toMatchObject({ message: "Upstream answered HTTP 503" });
  });
});
