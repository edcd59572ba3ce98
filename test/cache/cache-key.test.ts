import { describe, expect, test } from "bun:test";
import { canonicalJson } from "../../src/cache/canonical-json.ts";
import { cacheKeyFor, fieldsExcludedFromCacheKey } from "../../src/cache/cache-key.ts";

const body = {
  model: "gpt-test",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: [{ type: "text", text: "Hi" }] },
  ],
  tools: [{ type: "function", function: { name: "weather", parameters: { type: "object", properties: { city: { type: "string" } } } } }],
  temperature: 0,
  max_tokens: 100,
};

const key = (changes: Record<string, unknown> = {}, format = "openai-chat", model = "gpt-test") => cacheKeyFor(format, model, { ...body, ...changes });

describe("canonicalJson", () => {
  test("sorts keys recursively, keeps array order, drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(undefined)).toBe("null");
  });
});

describe("cacheKeyFor", () => {
  test("is a SHA-256 hex digest, stable across calls", () => {
    expect(key()).toMatch(/^[0-9a-f]{64}$/);
    expect(key()).toBe(key());
  });

  test("key order does not matter, at any depth", () => {
    const reordered = {
      max_tokens: 100,
      temperature: 0,
      tools: [{ function: { parameters: { properties: { city: { type: "string" } }, type: "object" }, name: "weather" }, type: "function" }],
      messages: [
        { content: "Be brief.", role: "system" },
        { content: [{ text: "Hi", type: "text" }], role: "user" },
      ],
      model: "gpt-test",
    };
    expect(cacheKeyFor("openai-chat", "gpt-test", reordered)).toBe(key());
  });

  test("fields that do not change the answer are ignored", () => {
    expect(fieldsExcludedFromCacheKey).not.toContain("previous_response_id");
    const ignored = {
      stream: true,
      stream_options: { include_usage: true },
      user: "user-42",
      metadata: { user_id: "u" },
      store: false,
      service_tier: "flex",
      safety_identifier: "s-1",
      prompt_cache_key: "pk",
      prompt_cache_retention: "24h",
    };
    expect(Object.keys(ignored).sort()).toEqual([...fieldsExcludedFromCacheKey].sort());
    expect(key(ignored)).toBe(key());
    for (const [name, value] of Object.entries(ignored)) expect(key({ [name]: value })).toBe(key());
  });

  test("fields that change the answer change the key", () => {
    const changes: Record<string, unknown>[] = [
      { temperature: 0.5 },
      { max_tokens: 101 },
      { top_p: 0.9 },
      { seed: 1 },
      { stop: ["\n"] },
      { tools: [] },
      { tool_choice: "required" },
      { response_format: { type: "json_object" } },
      { messages: [{ role: "user", content: "Hi" }] },
      { messages: [...body.messages].reverse() },
      { previous_response_id: "resp_1" },
    ];
    const keys = new Set(changes.map((change) => key(change)));
    expect(keys.size).toBe(changes.length);
    expect(keys.has(key())).toBe(false);
  });

  test("only top-level fields are excluded: a nested metadata or stream still counts", () => {
    const withNested = (value: string) => ({ tools: [{ type: "function", function: { name: "t", parameters: { type: "object", properties: { metadata: { type: value } } } } }] });
    expect(key(withNested("string"))).not.toBe(key(withNested("number")));
    expect(key({ messages: [{ role: "user", content: "Hi", stream: true }] })).not.toBe(key({ messages: [{ role: "user", content: "Hi" }] }));
  });

  test("format, model and partition are part of the key", () => {
    expect(key({}, "anthropic")).not.toBe(key());
    expect(key({}, "openai-chat", "gpt-other")).not.toBe(key());
    expect(cacheKeyFor("openai-chat", "gpt-test", body, "tenant-1")).not.toBe(key());
    expect(cacheKeyFor("openai-chat", "gpt-test", body, "tenant-1")).toBe(cacheKeyFor("openai-chat", "gpt-test", body, "tenant-1"));
  });

  test("does not modify the body", () => {
    const copy = structuredClone({ ...body, stream: true, user: "u" });
    const original = structuredClone(copy);
    cacheKeyFor("openai-chat", "gpt-test", copy);
    expect(copy).toEqual(original);
  });
});
