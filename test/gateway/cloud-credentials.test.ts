// How the cloud families get and keep their credentials: a Vertex service-account key is signed into a JWT and
// exchanged once (the mock verifies the signature with the test key pair's public key), the token is reused and
// exchanged again after a 401; a pasted access token needs the project setting; watsonx exchanges its API key at
// IAM the same way and speaks IBM's field names; Code Assist looks the account's project up once, onboarding an
// account that has none.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { companionProject, onboardedProject } from "../mock-upstream/code-assist.ts";
import { startMockUpstream, type MockUpstream } from "../mock-upstream/mock-server.ts";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";
import { createTestServiceAccount } from "../support/service-account.ts";

type Body = Record<string, any>;

let mock: MockUpstream;
let fixture: GatewayFixture;

beforeAll(async () => {
  mock = await startMockUpstream();
  const serviceAccount = await createTestServiceAccount(`${mock.url}/token`, "key-project");
  mock.cloud.trustServiceAccount(serviceAccount.clientEmail, serviceAccount.publicKey);
  const untrusted = await createTestServiceAccount(`${mock.url}/token`, "untrusted-project");
  fixture = await startGatewayFixture({
    mock,
    extraConfig: [
      "  - name: cred-vertex",
      "    provider: vertex",
      "    baseUrl: {mock}",
      `    apiKey: '${JSON.stringify(serviceAccount.keyFile)}'`,
      "  - name: cred-vertex-untrusted",
      "    provider: vertex",
      "    baseUrl: {mock}",
      `    apiKey: '${JSON.stringify(untrusted.keyFile)}'`,
      "  - name: cred-vertex-pasted",
      "    provider: vertex",
      "    baseUrl: {mock}",
      "    apiKey: ya29.pasted-access-token-0123",
      "    settings: { project: pasted-project, location: global }",
      "  - name: cred-vertex-no-project",
      "    provider: vertex",
      "    baseUrl: {mock}",
      "    apiKey: ya29.pasted-access-token-0123",
      "  - name: cred-vertex-global",
      "    provider: vertex",
      "    apiKey: ya29.pasted-access-token-0123",
      "    settings: { project: p, location: global }",
      "  - name: cred-vertex-default",
      "    provider: vertex",
      "    apiKey: ya29.pasted-access-token-0123",
      "  - name: cred-watsonx",
      "    provider: watsonx",
      "    baseUrl: {mock}",
      "    apiKey: ibm-cloud-api-key-credentials",
      "    settings: { space_id: wx-space-7, iamUrl: '{mock}/identity/token' }",
      "  - name: cred-watsonx-bad-key",
      "    provider: watsonx",
      "    baseUrl: {mock}",
      "    apiKey: invalid-ibm-api-key-0123",
      "    settings: { project_id: p, iamUrl: '{mock}/identity/token' }",
      "  - name: cred-code-assist",
      "    provider: gemini-cli",
      "    baseUrl: {mock}",
      "    apiKey: ya29.code-assist-user-0123",
      "  - name: cred-code-assist-new",
      "    provider: gemini-cli",
      "    baseUrl: {mock}",
      "    apiKey: ya29.onboard-me-0123",
      "",
    ].join("\n"),
  });
});
afterAll(async () => {
  await fixture.stop();
  await mock.stop();
});

const chat = (model: string, content = "hello", extra: Body = {}) => fixture.client().chat.completions.create({ model, messages: [{ role: "user", content }], ...extra });
const lastAt = (pattern: RegExp) => mock.requests.findLast((entry) => pattern.test(entry.path))!;
const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as { status: number; message: string });

describe("Vertex AI credentials", () => {
  test("a service-account key is exchanged once, and the token serves Gemini and Claude in the key's project", async () => {
    const before = mock.cloud.issuedCount("google");
    expect((await chat("cred-vertex/gemini-2.5-pro", "one")).choices[0]!.message.content).toBe("Echo: one");
    expect((await chat("cred-vertex/claude-sonnet-4-5@20250929", "two", { max_tokens: 50 })).choices[0]!.message.content).toBe("Echo: two");
    expect(mock.cloud.issuedCount("google")).toBe(before + 1);
    const gemini = lastAt(/publishers\/google/);
    expect(gemini.path).toBe("/v1/projects/key-project/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent");
    expect(gemini.headers.authorization).toStartWith("Bearer ya29.mock-");
    const claude = lastAt(/publishers\/anthropic/);
    expect(claude.path).toBe("/v1/projects/key-project/locations/us-central1/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict");
    expect(claude.headers.authorization).toBe(gemini.headers.authorization);
    expect(claude.body).toMatchObject({ anthropic_version: "vertex-2023-10-16", max_tokens: 50 });
    expect((claude.body as Body).model).toBeUndefined();
    const token = mock.requests.findLast((entry) => entry.path === "/token")!;
    expect(new URLSearchParams(token.body as string).get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
  });

  test("a revoked token is exchanged again once, and the request still succeeds", async () => {
    await chat("cred-vertex/gemini-2.5-flash");
    const before = mock.cloud.issuedCount("google");
    mock.cloud.revokeAll();
    expect((await chat("cred-vertex/gemini-2.5-flash", "after revoke")).choices[0]!.message.content).toBe("Echo: after revoke");
    expect(mock.cloud.issuedCount("google")).toBe(before + 1);
  });

  test("a key the token endpoint does not trust is refused with the endpoint's reason", async () => {
    const failure = await failureOf(chat("cred-vertex-untrusted/gemini-2.5-flash"));
    expect(failure?.status).toBe(401);
    expect(failure?.message).toContain("Invalid JWT Signature");
  });

  test("a pasted access token goes as is, to the project and location of the settings", async () => {
    await chat("cred-vertex-pasted/gemini-2.5-flash");
    const request = lastAt(/publishers\/google/);
    expect(request.path).toBe("/v1/projects/pasted-project/locations/global/publishers/google/models/gemini-2.5-flash:generateContent");
    expect(request.headers.authorization).toBe("Bearer ya29.pasted-access-token-0123");
    const failure = await failureOf(chat("cred-vertex-no-project/gemini-2.5-flash"));
    expect(failure?.status).toBe(400);
    expect(failure?.message).toContain("no project setting");
  });

  test("the location picks the regional host, and global the global one", () => {
    expect(fixture.gateway.runtime.connections.byName("cred-vertex-default")!.baseUrl).toBe("https://us-central1-aiplatform.googleapis.com");
    expect(fixture.gateway.runtime.connections.byName("cred-vertex-global")!.baseUrl).toBe("https://aiplatform.googleapis.com");
  });
});

describe("watsonx.ai credentials and fields", () => {
  test("the API key is exchanged at IAM once; the body names model_id, the space and the tool-choice mode", async () => {
    const before = mock.cloud.issuedCount("iam");
    await chat("cred-watsonx/ibm/granite-3-3-8b-instruct", "first");
    await chat("cred-watsonx/ibm/granite-3-3-8b-instruct", "second", {
      max_tokens: 64,
      temperature: 0.2,
      tools: [{ type: "function", function: { name: "search_docs", parameters: { type: "object", properties: { q: { type: "string" } } } } }],
      tool_choice: "required",
    });
    expect(mock.cloud.issuedCount("iam")).toBe(before + 1);
    const request = lastAt(/^\/ml\/v1\/text\/chat$/);
    expect(request.search).toBe("?version=2024-10-08");
    expect(request.headers.authorization).toStartWith("Bearer iam-mock-");
    expect(request.body).toMatchObject({ model_id: "ibm/granite-3-3-8b-instruct", space_id: "wx-space-7", max_tokens: 64, temperature: 0.2, tool_choice_option: "required" });
    const iam = new URLSearchParams(mock.requests.findLast((entry) => entry.path === "/identity/token")!.body as string);
    expect(Object.fromEntries(iam)).toEqual({ grant_type: "urn:ibm:params:oauth:grant-type:apikey", apikey: "ibm-cloud-api-key-credentials" });
  });

  test("a revoked IAM token is exchanged again; a refused API key reports IAM's reason", async () => {
    mock.cloud.revokeAll();
    expect((await chat("cred-watsonx/ibm/granite-3-3-8b-instruct", "again")).choices[0]!.message.content).toBe("Echo: again");
    const failure = await failureOf(chat("cred-watsonx-bad-key/ibm/granite-3-3-8b-instruct"));
    expect(failure?.status).toBe(401);
    expect(failure?.message).toContain("Provided API key could not be found");
  });

  test("watsonx's error list reaches the client as the message", async () => {
    const failure = await failureOf(chat("cred-watsonx/error-404"));
    expect(failure?.status).toBe(404);
    expect(failure?.message).toContain("error-404");
  });
});

describe("Gemini Code Assist project", () => {
  test("loadCodeAssist runs once per connection; every request names the account's project", async () => {
    const loads = () => mock.requests.filter((entry) => entry.path === "/v1internal:loadCodeAssist" && entry.headers.authorization === "Bearer ya29.code-assist-user-0123").length;
    await chat("cred-code-assist/gemini-2.5-pro", "first");
    await chat("cred-code-assist/gemini-2.5-flash", "second");
    expect(loads()).toBe(1);
    expect(lastAt(/^\/v1internal:generateContent$/).body).toMatchObject({ model: "gemini-2.5-flash", project: companionProject, request: { contents: [{ role: "user" }] } });
  });

  test("an account without a tier is onboarded on the free tier, and its managed project is used", async () => {
    const completion = await chat("cred-code-assist-new/gemini-2.5-pro", "new here");
    expect(completion.choices[0]!.message.content).toBe("Echo: new here");
    const onboarding = mock.requests.filter((entry) => entry.headers.authorization === "Bearer ya29.onboard-me-0123").map((entry) => `${entry.method} ${entry.path}`);
    expect(onboarding).toEqual([
      "POST /v1internal:loadCodeAssist",
      "POST /v1internal:onboardUser",
      "GET /v1internal/operations/onboard-ya29.onboard-me-0123",
      "POST /v1internal:generateContent",
    ]);
    expect(mock.requests.findLast((entry) => entry.path === "/v1internal:onboardUser")!.body).toMatchObject({ tierId: "free-tier" });
    expect(lastAt(/^\/v1internal:generateContent$/).body).toMatchObject({ project: onboardedProject });
  });
});
