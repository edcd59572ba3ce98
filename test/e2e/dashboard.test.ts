// The dashboard end to end, in real headless Chromium against the compiled binary: first-run sign-in and setup
// (own password, a connection to the mock upstream, a key and its snippets), a provider's settings as form fields,
// a combo built in the editor, a streamed playground request that shows up in the logs, a request from a client
// arriving there live (no reload), and both on the overview chart. Screenshots of every page, light and dark, desktop and 375 px wide, go to
// test/e2e/screenshots/.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { startMockUpstream, type MockUpstream } from "../mock-upstream/mock-server.ts";
import { findChromium, launchChromium, type LaunchedBrowser } from "./chromium-browser.ts";
import { startTestGateway, type TestGateway } from "./compiled-gateway.ts";

const chromiumPath = findChromium();
if (!chromiumPath) console.warn("chromium is not on PATH: the dashboard browser test is skipped (bash .ci/install-chromium.sh installs it)");

const initialPassword = "first-boot-password-123";
const newPassword = "my-own-password-456";
const mockCredential = "sk-mock-upstream-credential-0123456789";
const screenshots = join(import.meta.dir, "screenshots");

let mock: MockUpstream;
let gateway: TestGateway;
let browser: LaunchedBrowser;
let page: Page;
let createdKey = "";

async function shoot(target: Page, name: string): Promise<void> {
  // Notices from earlier steps would cover parts of the page in the pictures.
  await target.addStyleTag({ content: ".toasts { display: none !important; }" });
  await target.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  if (!chromiumPath) return;
  mkdirSync(screenshots, { recursive: true });
  mock = await startMockUpstream();
  [gateway, browser] = await Promise.all([startTestGateway(initialPassword), launchChromium(chromiumPath)]);
  page = await browser.context.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  await mock?.stop();
});

describe.skipIf(!chromiumPath)("dashboard in Chromium", () => {
  test("first run: sign in with the printed password, set a new one, add the mock upstream, create a key", async () => {
    await page.goto(gateway.url);
    await page.locator("#password").fill(initialPassword);
    await shoot(page, "sign-in-light-desktop");
    await page.getByRole("button", { name: "Sign in" }).click();

    await page.getByRole("heading", { name: "Choose your own password" }).waitFor();
    await page.locator("#field-current-password").fill(initialPassword);
    await page.locator("#field-new-password").fill(newPassword);
    await page.locator("#field-repeat-password").fill(newPassword);
    await page.getByRole("button", { name: "Save password" }).click();

    await page.getByRole("heading", { name: "Add your first provider" }).waitFor();
    await page.locator("#provider-search").fill("groq");
    await page.locator('[data-provider="groq"]').waitFor();
    await page.locator("#provider-search").fill("");
    await page.locator('[data-provider="openai-chat"]').click();
    await page.locator("#field-connection-name").fill("mock");
    await page.locator("#field-base-url").fill(`${mock.url}/v1`);
    await page.locator("#field-api-key").fill(mockCredential);
    await shoot(page, "setup-provider-light-desktop");
    await page.getByRole("button", { name: "Add connection" }).click();

    await page.getByRole("heading", { name: "Create an API key" }).waitFor();
    await page.getByRole("button", { name: "Create key" }).click();
    const key = await page.locator("[data-new-key]").textContent();
    expect(key).toMatch(/^amr_[A-Za-z0-9_-]{20,}$/);
    createdKey = key!;
    await page.getByRole("tab", { name: "curl" }).click();
    expect(await page.locator('[data-snippet="curl"]').textContent()).toContain(`Bearer ${key}`);
    await page.getByRole("tab", { name: "Claude Code" }).click();
    await shoot(page, "setup-snippets-light-desktop");
    await page.getByRole("button", { name: "Go to the dashboard" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
  }, 30_000);

  test("the connection tests green from the Providers page", async () => {
    await page.goto(`${gateway.url}/#/providers`);
    const row = page.locator('[data-connection="mock"]');
    await row.getByRole("button", { name: "Test mock" }).click();
    await row.locator('[data-test-result="ok"]').waitFor();
    await shoot(page, "providers-light-desktop");
  }, 20_000);

  test("a provider's settings are fields: Vertex's project is saved, shown again when editing, and fills the base URL", async () => {
    await page.goto(`${gateway.url}/#/providers`);
    await page.getByRole("button", { name: "Add connection" }).click();
    const form = page.locator('form[aria-label="Add a connection"]');
    await form.locator("#provider-search").fill("vertex");
    await form.locator('[data-provider="vertex"]').click();
    expect(await form.locator("#field-setting-location").getAttribute("placeholder")).toBe("us-central1");
    expect(await form.locator("#field-setting-project-hint").textContent()).toContain("Google Cloud project id");
    await form.locator("#field-connection-name").fill("vx");
    await form.locator("#field-api-key").fill("ya29.browser-test-access-token");
    await form.locator("#field-setting-project").fill("browser-project");
    await shoot(page, "connection-settings-light-desktop");
    await form.locator('button[type="submit"]').click();
    await expectText(page, '[data-connection="vx"] [data-label="Base URL"]', "https://us-central1-aiplatform.googleapis.com");

    await page.getByRole("button", { name: "Edit vx" }).click();
    const edit = page.locator('form[aria-label="Edit vx"]');
    await edit.locator("#field-setting-location").waitFor();
    expect(await edit.locator("#field-setting-project").inputValue()).toBe("browser-project");
    await edit.locator("#field-setting-location").fill("europe-west4");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expectText(page, '[data-connection="vx"] [data-label="Base URL"]', "https://europe-west4-aiplatform.googleapis.com");

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Remove vx" }).click();
    await page.locator('[data-connection="vx"]').waitFor({ state: "detached" });
  }, 20_000);

  test("a combo is built in the editor, reordered, previewed and saved", async () => {
    await page.goto(`${gateway.url}/#/combos`);
    await page.getByRole("button", { name: "New combo" }).click();
    await page.locator("#field-combo-name").fill("fast");
    for (const target of ["mock/gpt-4o", "mock/gpt-4o-mini"]) {
      await page.locator("#target-input").fill(target);
      await page.getByRole("button", { name: "Add target" }).click();
    }
    await page.locator('[data-target="mock/gpt-4o-mini"]').dragTo(page.locator('[data-target="mock/gpt-4o"]'));
    let order = await page.locator(".targets li").evaluateAll((items) => items.map((item) => item.getAttribute("data-target")));
    if (order[0] !== "mock/gpt-4o-mini") await page.getByRole("button", { name: "Move mock/gpt-4o-mini up" }).click();
    order = await page.locator(".targets li").evaluateAll((items) => items.map((item) => item.getAttribute("data-target")));
    expect(order).toEqual(["mock/gpt-4o-mini", "mock/gpt-4o"]);
    await page.getByRole("button", { name: "Preview route" }).click();
    await expectText(page, "[data-route-preview]", "mock/gpt-4o-mini → mock/gpt-4o-mini");
    await shoot(page, "combo-editor-light-desktop");
    await page.getByRole("button", { name: "Create combo" }).click();
    await page.locator('[data-combo="fast"]').waitFor();
    await shoot(page, "combos-light-desktop");
  }, 20_000);

  test("a streamed playground request answers, and shows in the logs, which follow new requests live, and on the overview", async () => {
    await page.goto(`${gateway.url}/#/playground`);
    await page.locator('#playground-models option[value="fast"]').waitFor({ state: "attached" });
    await page.locator("#field-playground-model").fill("fast");
    await page.locator("#field-prompt").fill("Hello from the browser test");
    await page.getByRole("button", { name: "Send" }).click();
    await expectText(page, "[data-output]", "Echo: Hello from the browser test");
    await expectText(page, "[data-route]", "mock/gpt-4o-mini");
    await page.locator("details summary").click();
    await shoot(page, "playground-light-desktop");

    await page.goto(`${gateway.url}/#/logs`);
    await page.locator('html[data-live-usage="open"]').waitFor({ timeout: 10_000 });
    await page.locator('[data-log-model="fast"]').first().waitFor();
    const sent = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${createdKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "mock/gpt-4o", messages: [{ role: "user", content: "while the logs page watches" }] }),
    });
    expect(sent.status).toBe(200);
    await page.locator('[data-log-model="mock/gpt-4o"]').first().waitFor({ timeout: 10_000 });
    await page.locator('[data-log-model="fast"]').first().click();
    await expectText(page, "[data-inspector]", "mock/gpt-4o-mini");
    await shoot(page, "logs-light-desktop");

    await page.goto(`${gateway.url}/#/overview`);
    await expectText(page, '[data-stat="requests"]', /^[2-9]/);
    expect(await page.locator('[data-chart="requests"] polyline').count()).toBeGreaterThan(0);
    await shoot(page, "overview-light-desktop");
  }, 30_000);

  test("every page renders in the dark theme, on desktop and at 375 px", async () => {
    for (const name of ["keys", "usage", "settings"]) {
      await page.goto(`${gateway.url}/#/${name}`);
      await page.locator(".page-header h1").waitFor();
      await shoot(page, `${name}-light-desktop`);
    }
    await page.emulateMedia({ colorScheme: "dark" });
    for (const name of ["overview", "providers", "combos", "keys", "usage", "logs", "playground", "settings"]) {
      await page.goto(`${gateway.url}/#/${name}`);
      await page.locator(".page-header h1").waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
      await Bun.sleep(150);
      await shoot(page, `${name}-dark-desktop`);
    }
    await page.setViewportSize({ width: 375, height: 812 });
    for (const scheme of ["dark", "light"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const name of ["overview", "providers", "keys", "logs", "playground"]) {
        await page.goto(`${gateway.url}/#/${name}`);
        await page.locator(".page-header h1").waitFor();
        await Bun.sleep(150);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await shoot(page, `${name}-${scheme}-mobile`);
      }
    }
    await page.getByRole("button", { name: "Menu" }).click();
    await shoot(page, "navigation-light-mobile");
  }, 45_000);

  test("installable: manifest, icons and a service worker that controls the page", async () => {
    const manifest = await (await fetch(`${gateway.url}/manifest.webmanifest`)).json() as { display: string; icons: Array<{ src: string }> };
    expect(manifest.display).toBe("standalone");
    for (const icon of manifest.icons) expect((await fetch(`${gateway.url}${icon.src}`)).status).toBe(200);
    const registered = await page.evaluate(async () => Boolean(await Promise.race([navigator.serviceWorker.ready, new Promise((resolve) => setTimeout(() => resolve(false), 5000))])));
    expect(registered).toBe(true);
  }, 15_000);
});

async function expectText(target: Page, selector: string, expected: string | RegExp): Promise<void> {
  const locator = target.locator(selector).first();
  const deadline = Date.now() + 10_000;
  let text = "";
  while (Date.now() < deadline) {
    text = (await locator.textContent().catch(() => "")) ?? "";
    if (typeof expected === "string" ? text.includes(expected) : expected.test(text)) return;
    await Bun.sleep(50);
  }
  await shoot(target, "failure");
  const page = await target.locator("main").textContent().catch(() => "");
  throw new Error(`${selector} never showed ${String(expected)}; it shows: ${text}\nthe page shows: ${page}`);
}
