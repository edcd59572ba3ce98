// Streams are piped, not buffered; a client that disconnects cancels the upstream call; only allow-listed
// headers go upstream, with the connection's credential instead of the client's.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mockCredential, startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

let fixture: GatewayFixture;
beforeAll(async () => {
  fixture = await startGatewayFixture();
});
afterAll(() => fixture.stop());

const chatBody = (model: string, stream: boolean) => JSON.stringify({ model, stream, messages: [{ role: "user", content: "one two three four five six" }] });

async function until(condition: () => boolean, timeoutMs = 2000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (condition()) return true;
    await Bun.sleep(10);
  }
  return condition();
}

describe("streaming", () => {
  test("the first chunk reaches the client long before the upstream finishes", async () => {
    const started = performance.now();
    const response = await fetch(`${fixture.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chatBody("mock/chunk-delay-100", true),
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    const first = await reader.read();
    const firstAt = performance.now() - started;
    let text = new TextDecoder().decode(first.value);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    const totalAt = performance.now() - started;
    expect(firstAt).toBeLessThan(150);
    expect(totalAt).toBeGreaterThan(600);
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  test("the upstream is asked for stream usage, but a client that did not ask never sees the usage chunk", async () => {
    const response = await fetch(`${fixture.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chatBody("mock/gpt-4o-mini", true),
    });
    const text = await response.text();
    expect((fixture.mock.requests.at(-1)!.body as { stream_options?: unknown }).stream_options).toEqual({ include_usage: true });
    expect(text).not.toContain('"choices":[]');
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect(text.match(/^data: /gm)!.length).toBeGreaterThan(3);
  });

  test("an upstream that drops mid-stream ends the client's stream with an error event, never a hang", async () => {
    for (const model of ["mock/mid-stream-drop", "mock/mid-stream-error"]) {
      const stream = await fixture.client().chat.completions.create({ model, stream: true, messages: [{ role: "user", content: "one two three four" }] });
      let text = "";
      const outcome = await (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
      })().catch((error: Error) => error);
      expect(outcome).toBeInstanceOf(Error);
      // A dropped connection may lose what was still buffered in it; an error event is still owed.
      if (model.endsWith("mid-stream-error")) expect(text.length).toBeGreaterThan(0);
    }
  });

  test("an upstream that goes silent mid-stream is cut at the idle timeout with an error event", async () => {
    const quick = await startGatewayFixture({ mock: fixture.mock, environment: { STREAM_IDLE_TIMEOUT_MS: "300" } });
    try {
      const before = fixture.mock.abortedCount();
      const started = performance.now();
      const response = await fetch(`${quick.gateway.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: chatBody("mock/hang-after-headers", true) });
      const text = await response.text();
      expect(performance.now() - started).toBeLessThan(2000);
      expect(text).toContain('"error"');
      expect(text).toContain("sent nothing for 300 ms");
      expect(await until(() => fixture.mock.abortedCount() > before)).toBe(true);
    } finally {
      await quick.stop();
    }
  });

  test("a stream that runs past REQUEST_TIMEOUT_MS is cut with an error event", async () => {
    const quick = await startGatewayFixture({ mock: fixture.mock, environment: { REQUEST_TIMEOUT_MS: "400" } });
    try {
      const started = performance.now();
      const response = await fetch(`${quick.gateway.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: chatBody("mock/chunk-delay-150", true) });
      const text = await response.text();
      expect(performance.now() - started).toBeLessThan(1500);
      expect(text).toContain("ran longer than 400 ms");
      expect(text).not.toContain("[DONE]");
    } finally {
      await quick.stop();
    }
  });

  test("a client that disconnects mid-stream aborts the upstream request", async () => {
    const controller = new AbortController();
    const before = fixture.mock.abortedCount();
    const response = await fetch(`${fixture.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chatBody("mock/hang-after-headers", true),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    expect(await until(() => fixture.mock.abortedCount() > before)).toBe(true);
  });

  test("a client that gives up before the upstream answers aborts the upstream request", async () => {
    const before = fixture.mock.abortedCount();
    await fetch(`${fixture.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chatBody("mock/hang", false),
      signal: AbortSignal.timeout(200),
    }).catch(() => undefined);
    expect(await until(() => fixture.mock.abortedCount() > before)).toBe(true);
  });
});

describe("header policy", () => {
  test("the client's Authorization, cookies and unknown headers never reach the upstream", async () => {
    const response = await fetch(`${fixture.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: "Bearer amr_client_key_that_must_not_leak",
        cookie: "session=secret-cookie",
        "x-forwarded-for": "10.0.0.1",
        "x-custom-thing": "private",
        "anthropic-beta": "tools-2024",
        "openai-beta": "assistants=v2",
      },
      body: chatBody("mock/echo-headers", false),
    });
    const completion = (await response.json()) as { choices: Array<{ message: { content: string } }> };
    const seen = JSON.parse(completion.choices[0]!.message.content.replace(/^Echo: /, "")) as Record<string, string>;
    expect(seen.authorization).toBe(`Bearer ${mockCredential}`);
    expect(seen.cookie).toBeUndefined();
    expect(seen["x-forwarded-for"]).toBeUndefined();
    expect(seen["x-custom-thing"]).toBeUndefined();
    expect(seen["openai-beta"]).toBe("assistants=v2");
    expect(seen["anthropic-beta"]).toBeUndefined();
    expect(seen["user-agent"]).toStartWith("amrouter/");
  });

  test("browser preflights from loopback origins are answered; other origins are not allowed by default", async () => {
    const allowed = await fetch(`${fixture.gateway.url}/v1/chat/completions`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const denied = await fetch(`${fixture.gateway.url}/v1/chat/completions`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
    const actual = await fetch(`${fixture.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json" },
      body: chatBody("mock/gpt-4o-mini", true),
    });
    expect(actual.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:3000");
    await actual.text();
  });
});
