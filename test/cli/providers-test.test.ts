// `amrouter providers test NAME` as a user runs it, against the mock upstream: the latency and reply on success,
// the upstream's status and message on failure (credential never shown), a clear timeout, and every wire family.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { loadSettings } from "../../src/config/settings.ts";
import { createCredentialCipher } from "../../src/security/credential-encryption.ts";
import { openStorage } from "../../src/storage/database.ts";
import { upsertConnection, type ConnectionInput } from "../../src/storage/repositories/connections-repository.ts";
import { startMockUpstream, type MockUpstream } from "../mock-upstream/mock-server.ts";
import { temporaryDirectory } from "../support/gateway-fixture.ts";
import { runCli, type CliRun } from "../support/run-cli.ts";

let mock: MockUpstream;
let dataDirectory: string;

/** Runs the CLI on this suite's data directory. */
function run(args: string[], environment: Record<string, string> = {}): Promise<CliRun> {
  return runCli([...args, "--data-dir", dataDirectory], environment);
}

/** Each connection has its own credential, so the mock's recorded requests tell them apart. */
const credentialOf = (name: string) => `sk-${name}-credential-0123456789`;
const requestsOf = (name: string) =>
  mock.requests.filter((request) => [request.headers.authorization, request.headers["x-api-key"], request.headers["x-goog-api-key"]].some((value) => value?.endsWith(credentialOf(name))));

// Every CLI run starts at once (each costs a process start); the tests then read their own results.
let runs: Record<string, Promise<CliRun>>;

beforeAll(async () => {
  mock = await startMockUpstream();
  dataDirectory = temporaryDirectory();
  const settings = loadSettings({ dataDirectory });
  const storage = openStorage(settings.databasePath);
  const cipher = createCredentialCipher(settings.apiKeySecret);
  const connections: ConnectionInput[] = [
    { name: "local", provider: "openai-chat", baseUrl: `${mock.url}/v1`, credential: credentialOf("local"), models: ["gpt-4o-mini"] },
    { name: "bare", provider: "openai-chat", baseUrl: `${mock.url}/v1`, credential: credentialOf("bare") },
    { name: "claude", provider: "anthropic", baseUrl: mock.url, credential: credentialOf("claude") },
    { name: "gem", provider: "gemini", baseUrl: mock.url, credential: credentialOf("gem") },
    { name: "from-env", provider: "openai-chat", baseUrl: `${mock.url}/v1`, credentialEnv: "AMROUTER_TEST_UNSET_VARIABLE" },
  ];
  for (const connection of connections) upsertConnection(storage, cipher, connection);
  storage.close();
  runs = {
    ok: run(["providers", "test", "local"]),
    json: run(["providers", "test", "local", "--json"]),
    unauthorized: run(["providers", "test", "local", "--model", "error-401"]),
    hang: run(["providers", "test", "local", "--model", "hang", "--timeout-ms", "400"]),
    bare: run(["providers", "test", "bare"]),
    claude: run(["providers", "test", "claude"]),
    claudeUnauthorized: run(["providers", "test", "claude", "--model", "error-401"]),
    gem: run(["providers", "test", "gem", "--model", "gemini-2.5-flash"]),
    envUnset: run(["providers", "test", "from-env", "--model", "gpt-4o-mini"]),
    envSet: run(["providers", "test", "from-env", "--model", "gpt-4o-mini"], { AMROUTER_TEST_UNSET_VARIABLE: credentialOf("env") }),
    unknown: run(["providers", "test", "nobody"]),
    noName: run(["providers", "test"]),
    badTimeout: run(["providers", "test", "local", "--timeout-ms", "soon"]),
  };
});

afterAll(async () => {
  await mock.stop();
});

setDefaultTimeout(30_000);

describe("amrouter providers test", () => {
  test("a working connection prints ok, the latency, the model and the reply", async () => {
    const result = await runs.ok!;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok {2}\d+ ms {2}gpt-4o-mini {2}"Echo: Reply with OK"/m);
    const sent = requestsOf("local").find((request) => request.path === "/v1/chat/completions" && (request.body as { model?: string }).model === "gpt-4o-mini")!;
    expect(sent.headers.authorization).toBe(`Bearer ${credentialOf("local")}`);
    expect(sent.body).toMatchObject({ model: "gpt-4o-mini", max_tokens: 5, messages: [{ role: "user", content: "Reply with OK" }] });
    expect(result.stdout).not.toContain(credentialOf("local"));
  });

  test("--json gives the result as one object", async () => {
    const result = await runs.json!;
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { ok: boolean; model: string; latencyMs: number; reply: string; status: number };
    expect(parsed).toMatchObject({ ok: true, model: "gpt-4o-mini", status: 200, reply: "Echo: Reply with OK" });
    expect(parsed.latencyMs).toBeGreaterThanOrEqual(0);
  });

  test("an upstream error prints its status and message, exit 1, without the credential", async () => {
    const result = await runs.unauthorized!;
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("HTTP 401");
    expect(result.stdout).toContain("Incorrect API key provided");
    expect(result.stdout + result.stderr).not.toContain(credentialOf("local"));
  });

  test("an upstream that never answers gives a clear timeout within the limit", async () => {
    const result = await runs.hang!;
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("timeout");
    expect(result.stdout).toContain("within 400 ms");
    expect(result.stdout).toContain("--timeout-ms");
    const waited = Number(/after (\d+) ms/.exec(result.stdout)?.[1]);
    expect(waited).toBeGreaterThanOrEqual(390);
    expect(waited).toBeLessThan(2000);
    expect(result.elapsedMs).toBeLessThan(15_000);
  });

  test("without a configured model it asks the upstream's /models", async () => {
    const result = await runs.bare!;
    expect(result.code).toBe(0);
    expect(requestsOf("bare").map((request) => `${request.method} ${request.path}`)).toEqual(["GET /v1/models", "POST /v1/chat/completions"]);
    expect(result.stdout).toMatch(/^ok {2}\d+ ms {2}\S+ {2}"Echo: Reply with OK"/m);
  });

  test("an Anthropic-family connection is tested in the Messages format", async () => {
    const result = await runs.claude!;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok {2}\d+ ms {2}claude-\S+ {2}"Echo: Reply with OK"/m);
    const sent = requestsOf("claude").find((request) => request.path === "/v1/messages" && !String((request.body as { model?: string }).model).startsWith("error"))!;
    expect(sent.headers["x-api-key"]).toBe(credentialOf("claude"));
    expect(sent.body).toMatchObject({ max_tokens: 5 });
    const failed = await runs.claudeUnauthorized!;
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("HTTP 401");
  });

  test("a Gemini-family connection is tested with generateContent", async () => {
    const result = await runs.gem!;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok {2}\d+ ms {2}gemini-2\.5-flash {2}"Echo: Reply with OK"/m);
    const sent = requestsOf("gem")[0]!;
    expect(sent.path).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    expect(sent.headers["x-goog-api-key"]).toBe(credentialOf("gem"));
  });

  test("a missing environment variable, an unknown name, a missing NAME and a bad timeout are explained", async () => {
    const unset = await runs.envUnset!;
    expect(unset.code).toBe(1);
    expect(unset.stdout).toContain("AMROUTER_TEST_UNSET_VARIABLE is not set");
    expect((await runs.envSet!).code).toBe(0);
    const unknown = await runs.unknown!;
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain('No connection named "nobody"');
    expect(unknown.stdout).toContain("local");
    expect((await runs.noName!).code).toBe(2);
    const badTimeout = await runs.badTimeout!;
    expect(badTimeout.code).toBe(2);
    expect(badTimeout.stderr).toContain("--timeout-ms");
  });
});
