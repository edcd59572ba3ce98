// `amrouter login` end to end against the mock provider, in a temporary data directory: each flow stores the token
// as the encrypted credential of a connection (created when new, credential-only update when it exists), clears a
// needs-login mark, and never prints a token.
import { afterAll, describe, expect, test } from "bun:test";
import { createCatalog } from "../../src/catalog/catalog.ts";
import type { ProviderEntry } from "../../src/catalog/provider-schema.ts";
import { openCommandContext, type CommandContext } from "../../src/cli/command-context.ts";
import { runLoginCommand, type LoginDependencies } from "../../src/cli/login-command.ts";
import { markConnectionNeedsLogin, readConnectionNeedsLogin } from "../../src/oauth/oauth-connection-store.ts";
import { parseToken } from "../../src/oauth/oauth-token.ts";
import { createCredentialCipher } from "../../src/security/credential-encryption.ts";
import { findConnectionRow, upsertConnection } from "../../src/storage/repositories/connections-repository.ts";
import { temporaryDirectory } from "../support/gateway-fixture.ts";
import { browse, recordingSleep, startMockOAuthServer } from "./mock-oauth-server.ts";

const server = startMockOAuthServer();
const contexts: CommandContext[] = [];
afterAll(() => {
  server.stop();
  for (const context of contexts) context.storage.close();
});

const entries: ProviderEntry[] = [
  { id: "mock-device", name: "Mock Device", family: "openai-chat", baseUrl: "https://device.test", auth: { style: "oauth", flow: "device-code" }, oauth: server.settings({ flow: "device-code" }), models: [] },
  { id: "mock-browser", name: "Mock Browser", family: "openai-chat", baseUrl: "https://browser.test", auth: { style: "oauth", flow: "pkce" }, oauth: server.settings({ flow: "pkce" }), models: [] },
  { id: "mock-key", name: "Mock Key", family: "openai-chat", baseUrl: "https://key.test", auth: { style: "bearer" }, models: [] },
];
const catalog = createCatalog(entries);

function setup() {
  const lines: string[] = [];
  const context = openCommandContext({ dataDirectory: temporaryDirectory() }, (line) => lines.push(line));
  contexts.push(context);
  const cipher = createCredentialCipher(context.settings.apiKeySecret);
  const stored = (name: string) => {
    const row = findConnectionRow(context.storage, name);
    return row?.credentialEncrypted ? parseToken(cipher.decrypt(row.credentialEncrypted)) : undefined;
  };
  const dependencies: LoginDependencies = { catalog, sleep: recordingSleep().sleep, openBrowser: () => {} };
  return { context, lines, output: () => lines.join("\n"), cipher, stored, dependencies };
}

describe("amrouter login", () => {
  test("device code: prints the user code, creates the connection with the encrypted token", async () => {
    const world = setup();
    const opened: string[] = [];
    const code = await runLoginCommand(world.context, "mock-device", {}, { ...world.dependencies, openBrowser: (url) => opened.push(url) });
    expect(code).toBe(0);
    expect(world.output()).toContain("ABCD-1234");
    expect(opened).toEqual([`${server.url}/device?user_code=ABCD-1234`]);
    const token = world.stored("mock-device")!;
    expect(server.isValidAccessToken(token.accessToken)).toBe(true);
    expect(world.output()).not.toContain(token.accessToken);
    expect(world.output()).not.toContain(token.refreshToken!);
    // Encrypted at rest: the database row does not contain the token.
    expect(findConnectionRow(world.context.storage, "mock-device")!.credentialEncrypted).not.toContain(token.accessToken);
    expect(findConnectionRow(world.context.storage, "mock-device")!.provider).toBe("mock-device");
  });

  test("browser (PKCE): the loopback login stores the token under --name; --no-browser opens nothing", async () => {
    const world = setup();
    const code = await runLoginCommand(world.context, "mock-browser", { name: "work", noBrowser: true }, {
      ...world.dependencies,
      openBrowser: () => {
        throw new Error("must not open a browser");
      },
      readLine: async (_prompt, signal) => {
        // The "user" approves in a browser elsewhere; the printed URL is all they had.
        const url = /(http:\/\/127\.0\.0\.1:\d+\/authorize\S+)/.exec(world.output())![1]!;
        await browse(url);
        return new Promise((resolve) => signal.addEventListener("abort", () => resolve(undefined)));
      },
    });
    expect(code).toBe(0);
    expect(server.isValidAccessToken(world.stored("work")!.accessToken)).toBe(true);
  });

  test("an existing connection keeps its settings; only the credential changes; needs-login is cleared", async () => {
    const world = setup();
    upsertConnection(world.context.storage, world.cipher, { name: "mock-device", provider: "mock-device", credential: "old", priority: 7, tags: ["team"] });
    markConnectionNeedsLogin(world.context.storage, "mock-device", "invalid_grant");
    expect(await runLoginCommand(world.context, "mock-device", {}, world.dependencies)).toBe(0);
    const row = findConnectionRow(world.context.storage, "mock-device")!;
    expect(row.priority).toBe(7);
    expect(row.tags).toEqual(["team"]);
    expect(world.stored("mock-device")).toBeDefined();
    expect(readConnectionNeedsLogin(world.context.storage, "mock-device")).toBeUndefined();
    expect(world.output()).toContain("now uses the new login");
  });

  test("--import stores an imported token without running a flow", async () => {
    const world = setup();
    const pair = server.issue();
    const hits = server.hits.device + server.hits.authorize;
    const code = await runLoginCommand(world.context, "mock-browser", { import: JSON.stringify({ access_token: pair.accessToken, refresh_token: pair.refreshToken, expires_in: 3600 }) }, world.dependencies);
    expect(code).toBe(0);
    expect(world.stored("mock-browser")!.accessToken).toBe(pair.accessToken);
    expect(server.hits.device + server.hits.authorize).toBe(hits);
    expect(world.output()).not.toContain(pair.accessToken);
  });

  test("clear errors: unknown provider, API-key provider, another provider's connection, a refused login", async () => {
    const world = setup();
    expect(await runLoginCommand(world.context, "nope", {}, world.dependencies)).toBe(2);
    expect(world.output()).toContain("Providers with a login: mock-browser, mock-device");
    expect(await runLoginCommand(world.context, "mock-key", {}, world.dependencies)).toBe(2);
    expect(world.output()).toContain("uses an API key");
    upsertConnection(world.context.storage, world.cipher, { name: "taken", provider: "mock-key", credential: "k" });
    expect(await runLoginCommand(world.context, "mock-device", { name: "taken" }, world.dependencies)).toBe(1);
    expect(world.output()).toContain("already exists for provider mock-key");
    server.deviceScript = ["deny"];
    expect(await runLoginCommand(world.context, "mock-device", {}, world.dependencies)).toBe(1);
    server.deviceScript = [];
    expect(world.output()).toContain("Login to Mock Device failed: The sign-in was refused");
    expect(findConnectionRow(world.context.storage, "mock-device")).toBeUndefined();
  });
});
