// The provider catalog in providers/ must validate cleanly, and the validator must catch each kind of mistake a
// hand-written provider file can contain.
import { describe, expect, test } from "bun:test";
import { readProviderFiles, type ProviderFile } from "../../src/catalog/read-provider-files.ts";
import { validateCatalog } from "../../src/catalog/validate-catalog.ts";

function providerFile(overrides: Record<string, unknown> = {}, file?: string): ProviderFile {
  const data = {
    id: "example",
    name: "Example",
    family: "openai-chat",
    baseUrl: "https://api.example.com/v1",
    auth: { style: "bearer" },
    models: [{ id: "example-model", price: { input: 1, output: 2 } }],
    ...overrides,
  };
  return { file: file ?? `${String(data.id)}.yaml`, data };
}

function problemsOf(...files: ProviderFile[]): string[] {
  return validateCatalog(files).problems;
}

describe("the real catalog", () => {
  const files = readProviderFiles();
  const { entries, problems } = validateCatalog(files);

  test("has no problems", () => {
    expect(problems).toEqual([]);
  });

  test("has at least 160 providers, all of them valid", () => {
    expect(files.length).toBeGreaterThanOrEqual(160);
    expect(entries.length).toBe(files.length);
  });
});

describe("validateCatalog", () => {
  test("accepts a well-formed file and returns its entry", () => {
    const { entries, problems } = validateCatalog([providerFile()]);
    expect(problems).toEqual([]);
    expect(entries.map((entry) => entry.id)).toEqual(["example"]);
  });

  test("reports schema errors with the file and the field path", () => {
    const problems = problemsOf(providerFile({ auth: { style: "bearer" }, extra: true, name: "" }));
    expect(problems.some((problem) => problem.startsWith("example.yaml: /name: "))).toBe(true);
    expect(problems.some((problem) => problem.startsWith("example.yaml: /extra: "))).toBe(true);
  });

  test("rejects a base URL that is not https", () => {
    const problems = problemsOf(providerFile({ baseUrl: "http://api.example.com/v1" }));
    expect(problems).toEqual([expect.stringMatching(/^example\.yaml: \/baseUrl: .*https/)]);
  });

  test("rejects a base URL that is not a URL at all", () => {
    expect(problemsOf(providerFile({ baseUrl: "api.example.com" }))).toEqual([expect.stringContaining("not a valid URL")]);
  });

  test("lets a local provider use loopback http, but not another host", () => {
    expect(problemsOf(providerFile({ local: true, baseUrl: "http://127.0.0.1:8080/v1" }))).toEqual([]);
    expect(problemsOf(providerFile({ local: true, baseUrl: "http://localhost:8080/v1" }))).toEqual([]);
    expect(problemsOf(providerFile({ local: true, baseUrl: "http://192.168.1.5:8080/v1" }))).toEqual([
      expect.stringContaining("loopback"),
    ]);
  });

  test("allows {placeholders} only outside the openai-chat family", () => {
    expect(problemsOf(providerFile({ family: "azure-openai", baseUrl: "https://{resource}.openai.azure.com" }))).toEqual([]);
    expect(problemsOf(providerFile({ baseUrl: "https://{account}.example.com/v1" }))).toEqual([
      expect.stringContaining("placeholder"),
    ]);
  });

  test("rejects a docs URL that is not https", () => {
    const problems = problemsOf(providerFile({ docsUrl: "http://example.com/docs" }));
    expect(problems.some((problem) => problem.includes("/docsUrl"))).toBe(true);
  });

  test("rejects two files with the same id", () => {
    const problems = problemsOf(providerFile(), providerFile({}, "example.json"));
    expect(problems).toContainEqual(expect.stringMatching(/^example\.json: \/id: duplicate id "example", already used by example\.yaml/));
  });

  test("rejects an id that differs from the file name", () => {
    expect(problemsOf(providerFile({}, "other.yaml"))).toEqual([
      'other.yaml: /id: id "example" does not match the file name "other"',
    ]);
  });

  test("rejects a duplicate model id within one provider", () => {
    const problems = problemsOf(providerFile({ models: [{ id: "same" }, { id: "same" }] }));
    expect(problems).toEqual(['example.yaml: /models/1/id: duplicate model id "same"']);
  });

  test("rejects a price that is not a number, or not finite", () => {
    const text = problemsOf(providerFile({ models: [{ id: "m", price: { input: "cheap", output: 2 } }] }));
    expect(text.some((problem) => problem.startsWith("example.yaml: /models/0/price/input: "))).toBe(true);
    const infinite = problemsOf(providerFile({ models: [{ id: "m", price: { input: Infinity, output: 2 } }] }));
    expect(infinite.some((problem) => problem.includes("/models/0/price/input") && problem.includes("finite"))).toBe(true);
  });

  test("rejects an unknown wire family, once", () => {
    const problems = problemsOf(providerFile({ family: "carrier-pigeon" }));
    expect(problems).toEqual(['example.yaml: /family: unknown wire family "carrier-pigeon"']);
  });

  test("keeps only the valid entries", () => {
    const { entries } = validateCatalog([providerFile(), providerFile({ id: "broken", baseUrl: "ftp://x" }, "broken.yaml")]);
    expect(entries.map((entry) => entry.id)).toEqual(["example"]);
  });
});
