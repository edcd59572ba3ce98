// `amrouter uninstall`: deletes DATA_DIR after "yes" (or with --force), keeps it on any other answer, never deletes
// a directory that is not an AmRouter data directory, and lists what is left to remove.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runUninstallCommand, uninstallRefusal } from "../../src/cli/uninstall-command.ts";
import { hostReleaseBuild, removeScratchDirectories, runBinary, scratchDirectory, type ReleaseBuild } from "./release-support.ts";

let build: ReleaseBuild;

beforeAll(async () => {
  build = await hostReleaseBuild();
}, 120_000);

afterAll(() => removeScratchDirectories());

/** A data directory the way a gateway leaves it: .env, the database, a key. */
async function populatedDataDirectory(): Promise<string> {
  const data = join(scratchDirectory(), "data");
  const created = await runBinary([build.binary, "keys", "create", "laptop"], { env: { PATH: "/usr/bin:/bin", HOME: data, DATA_DIR: data } });
  expect(created.code).toBe(0);
  expect(existsSync(join(data, "amrouter.db"))).toBe(true);
  return data;
}

describe("amrouter uninstall (release binary)", () => {
  test("--force deletes DATA_DIR and lists the executable as what remains", async () => {
    const data = await populatedDataDirectory();
    const result = await runBinary([build.binary, "uninstall", "--force"], { env: { PATH: "/usr/bin:/bin", HOME: "/nonexistent", DATA_DIR: data } });
    expect(result.code).toBe(0);
    expect(existsSync(data)).toBe(false);
    expect(result.stdout).toContain(`Deleted ${data}`);
    expect(result.stdout).toContain("What is left to remove by hand:");
    expect(result.stdout).toContain(`rm "${build.binary}"`);
  });

  test("asks first: any answer but yes keeps everything; yes deletes", async () => {
    const data = await populatedDataDirectory();
    const environment = { PATH: "/usr/bin:/bin", HOME: "/nonexistent", DATA_DIR: data };
    const declined = await runBinary([build.binary, "uninstall"], { env: environment, stdin: "no\n" });
    expect(declined.stdout).toContain(`This deletes ${data}`);
    expect(declined.stdout).toContain("Nothing was deleted.");
    expect(declined.code).toBe(1);
    expect(existsSync(join(data, "amrouter.db"))).toBe(true);
    const noInput = await runBinary([build.binary, "uninstall"], { env: environment, stdin: "" });
    expect(noInput.code).toBe(1);
    expect(noInput.stdout).toContain("--force");
    expect(existsSync(join(data, "amrouter.db"))).toBe(true);
    const confirmed = await runBinary([build.binary, "uninstall", "--data-dir", data], { env: { PATH: "/usr/bin:/bin", HOME: "/nonexistent" }, stdin: "yes\n" });
    expect(confirmed.code).toBe(0);
    expect(existsSync(data)).toBe(false);
  });
});

describe("amrouter uninstall (safety)", () => {
  const quiet = () => {
    const lines: string[] = [];
    return { lines, print: (line: string) => lines.push(line), printError: (line: string) => lines.push(line) };
  };

  test("refuses a directory that does not look like AmRouter's, even with --force", async () => {
    const directory = scratchDirectory();
    writeFileSync(join(directory, "thesis.tex"), "precious");
    const output = quiet();
    expect(await runUninstallCommand({}, { force: true }, { environment: { DATA_DIR: directory }, ...output })).toBe(1);
    expect(existsSync(join(directory, "thesis.tex"))).toBe(true);
    expect(output.lines.join("\n")).toContain("does not look like an AmRouter data directory");
  });

  test("refuses the file system root and the home directory (checked without deleting anything)", () => {
    const home = scratchDirectory();
    writeFileSync(join(home, ".env"), "JWT_SECRET=x\n");
    expect(uninstallRefusal("/", home)).toContain("the file system root; refusing to delete it");
    expect(uninstallRefusal(home, home)).toContain("your home directory; refusing to delete it");
    expect(uninstallRefusal(home, "/nonexistent")).toBeUndefined();
  });

  test("DATA_DIR=$HOME is refused by the binary even with --force", async () => {
    const home = scratchDirectory();
    writeFileSync(join(home, ".env"), "JWT_SECRET=x\n");
    const result = await runBinary([build.binary, "uninstall", "--force"], { env: { PATH: "/usr/bin:/bin", HOME: home, DATA_DIR: home } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("your home directory; refusing to delete it");
    expect(existsSync(join(home, ".env"))).toBe(true);
  });

  test("a missing data directory is not an error, and nothing is created", async () => {
    const directory = join(scratchDirectory(), "never-created");
    const output = quiet();
    expect(await runUninstallCommand({}, { force: true }, { environment: { DATA_DIR: directory }, executablePath: "/opt/homebrew/Cellar/amrouter/0.1.0/bin/amrouter", ...output })).toBe(0);
    expect(existsSync(directory)).toBe(false);
    expect(output.lines.join("\n")).toContain("nothing to delete");
    expect(output.lines.join("\n")).toContain("brew uninstall amrouter");
  });

  test("an empty directory and a data directory with only .env can be deleted", async () => {
    for (const files of [[], [".env"]]) {
      const directory = join(scratchDirectory(), "data");
      mkdirSync(directory);
      for (const file of files) writeFileSync(join(directory, file), "JWT_SECRET=x\n");
      const asked: string[] = [];
      const output = quiet();
      const code = await runUninstallCommand({ dataDirectory: directory }, {}, { ...output, ask: async (question) => (asked.push(question), "y") });
      expect(code).toBe(0);
      expect(asked).toHaveLength(1);
      expect(existsSync(directory)).toBe(false);
    }
  });
});
