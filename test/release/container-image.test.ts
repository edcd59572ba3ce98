// The scratch image: `bun run image` builds it with podman (vfs storage, --network=none, a private storage root);
// `podman create` + `podman export` give its root filesystem, which must hold only the binary, the five libraries,
// CA certificates and the user files. As `podman run` cannot start containers in the CI sandbox, the gateway is run
// from that root filesystem in a private mount namespace (unshare -m, /proc mounted, /dev bound, chroot as the
// image's user, the image's environment and entrypoint) and must serve /health, a proxied completion to the mock,
// and answer the image's own HEALTHCHECK command. Also reports the compressed image size (podman save | gzip).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chownSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { startMockUpstream, type MockUpstream } from "../mock-upstream/mock-server.ts";
import { mockConfigYaml } from "../support/gateway-fixture.ts";
import { hostReleaseBuild, isRoot, removeScratchDirectories, root, runBinary, scratchDirectory, type ReleaseBuild } from "./release-support.ts";
import { startBinaryGateway } from "../support/binary-gateway.ts";

const podman = Bun.which("podman");
const tools = { unshare: Bun.which("unshare"), chroot: Bun.which("chroot"), mount: Bun.which("mount"), tar: Bun.which("tar"), gzip: Bun.which("gzip") };
const skipReason =
  process.platform !== "linux" || process.arch !== "x64"
    ? "the image is built from the linux-x64 binary on a Linux x86-64 machine"
    : !podman
      ? "podman is not installed (.ci/install-podman.sh installs it)"
      : !isRoot
        ? "running the image's root filesystem needs root (unshare -m, mount, chroot)"
        : Object.entries(tools).find(([, path]) => !path)
          ? `${Object.entries(tools).find(([, path]) => !path)![0]} is not installed`
          : undefined;
if (skipReason) console.log(`[release] container image test SKIPPED: ${skipReason}`);

type ImageConfig = {
  User: string;
  Env: string[];
  Entrypoint: string[];
  Cmd: string[];
  ExposedPorts: Record<string, unknown>;
  Volumes: Record<string, unknown>;
  WorkingDir: string;
  Healthcheck?: { Test: string[] };
};

const tag = `localhost/amrouter-test:${process.pid}`;
const apiKey = "amr_container_test_key_0123456789";
const timings: Record<string, number> = {};
let build: ReleaseBuild;
let mock: MockUpstream;
let work = "";
let rootfs = "";
let config: ImageConfig;
let healthcheck: string[] = [];
let compressedBytes = 0;

function podmanCommand(...args: string[]): string[] {
  return [podman!, "--storage-driver", "vfs", "--root", join(work, "storage"), "--runroot", join(work, "run"), ...args];
}

function podmanRun(...args: string[]): string {
  const result = Bun.spawnSync(podmanCommand(...args), { stdout: "pipe", stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`podman ${args.join(" ")} failed: ${result.stderr.toString()}`);
  return result.stdout.toString();
}

async function timed<T>(name: string, run: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    timings[name] = (performance.now() - started) / 1000;
  }
}

/** A command run inside the image's root filesystem, as the image's user, with /proc and /dev present. */
function inRootfs(command: string[]): string[] {
  const [uid, gid] = config.User.split(":");
  const script = `${tools.mount} -t proc proc "$1/proc" && ${tools.mount} --rbind /dev "$1/dev" && root="$1" && shift && exec ${tools.chroot} --userspec=${uid}:${gid} "$root" "$@"`;
  return [tools.unshare!, "-m", "--propagation", "private", "/bin/sh", "-c", script, "sh", rootfs, ...command];
}

function imageEnvironment(extra: Record<string, string>): Record<string, string> {
  return { ...Object.fromEntries(config.Env.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)])), ...extra };
}

/** Mount points under `directory` in this (host) mount namespace: there must be none before deleting it. */
function mountsUnder(directory: string): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[4] ?? "")
    .filter((mountPoint) => mountPoint === directory || mountPoint.startsWith(`${directory}/`));
}

describe.skipIf(skipReason !== undefined)("container image", () => {
  beforeAll(async () => {
    build = await hostReleaseBuild();
    mock = await startMockUpstream();
    work = scratchDirectory("image-");
    await timed("bun run image (stage + podman build)", async () => {
      const result = await runBinary(
        [
          process.execPath,
          join(root, "scripts", "image.ts"),
          "--engine",
          "podman",
          "--binary",
          build.binary,
          "--context",
          join(work, "context"),
          "--storage-driver",
          "vfs",
          "--root",
          join(work, "storage"),
          "--runroot",
          join(work, "run"),
          "--tag",
          tag,
        ],
        { env: { ...process.env } as Record<string, string>, cwd: root, timeoutMs: 180_000 },
      );
      if (result.code !== 0) throw new Error(`bun run image failed:\n${result.stdout}\n${result.stderr}`);
    });
    // podman shows the docker-format HEALTHCHECK at the top level of `image inspect`, docker inside Config.
    const inspected = JSON.parse(podmanRun("image", "inspect", tag)) as Array<{ Config: ImageConfig; Healthcheck?: { Test: string[] } }>;
    config = inspected[0]!.Config;
    const check = config.Healthcheck?.Test ?? inspected[0]!.Healthcheck?.Test ?? [];
    healthcheck = check[0] === "CMD" ? check.slice(1) : check;
    await timed("podman create + export + untar", () => {
      const container = podmanRun("create", tag).trim();
      podmanRun("export", container, "-o", join(work, "rootfs.tar"));
      podmanRun("rm", container);
      rootfs = join(work, "rootfs");
      mkdirSync(rootfs);
      const untar = Bun.spawnSync([tools.tar!, "-xpf", join(work, "rootfs.tar"), "-C", rootfs], { stderr: "pipe" });
      if (untar.exitCode !== 0) throw new Error(untar.stderr.toString());
      rmSync(join(work, "rootfs.tar"));
    });
    await timed("podman save | gzip", async () => {
      podmanRun("save", "-o", join(work, "image.tar"), tag);
      const gzip = Bun.spawn([tools.gzip!, "-c", join(work, "image.tar")], { stdout: "pipe" });
      for await (const chunk of gzip.stdout) compressedBytes += chunk.byteLength;
      await gzip.exited;
      rmSync(join(work, "image.tar"));
    });
  }, 300_000);

  afterAll(async () => {
    await mock?.stop();
    if (work) {
      try {
        podmanRun("rmi", "--all", "--force");
      } catch {}
      const leftovers = mountsUnder(work);
      if (leftovers.length > 0) throw new Error(`mounts left under ${work}, not deleting it: ${leftovers.join(", ")}`);
    }
    removeScratchDirectories();
    console.log(
      `[release] container image: ${Object.entries(timings)
        .map(([name, seconds]) => `${name} ${seconds.toFixed(1)} s`)
        .join("; ")}; compressed ${(compressedBytes / 1e6).toFixed(1)} MB`,
    );
  });

  test("image config: non-root user, DATA_DIR=/data volume, HOST=0.0.0.0, port 20128, health check by the binary", () => {
    expect(config.User).toBe("10001:10001");
    expect(config.Env).toEqual(expect.arrayContaining(["DATA_DIR=/data", "HOST=0.0.0.0"]));
    expect(Object.keys(config.Volumes)).toEqual(["/data"]);
    expect(Object.keys(config.ExposedPorts)).toEqual(["20128/tcp"]);
    expect(config.Entrypoint).toEqual(["/usr/local/bin/amrouter"]);
    expect(healthcheck).toEqual(["/usr/local/bin/amrouter", "healthcheck"]);
  });

  test("root filesystem: the binary, five libraries, CA certificates, user files; no shell, no package manager", () => {
    const files: string[] = [];
    const walk = (directory: string) => {
      for (const entry of readdirSync(directory, { withFileTypes: true })) {
        const path = join(directory, entry.name);
        if (entry.isDirectory()) walk(path);
        else files.push(relative(rootfs, path));
      }
    };
    walk(rootfs);
    expect(files.sort()).toEqual(
      [
        "etc/group",
        "etc/nsswitch.conf",
        "etc/passwd",
        "etc/ssl/certs/ca-certificates.crt",
        "lib/x86_64-linux-gnu/libc.so.6",
        "lib/x86_64-linux-gnu/libdl.so.2",
        "lib/x86_64-linux-gnu/libm.so.6",
        "lib/x86_64-linux-gnu/libpthread.so.0",
        "lib64/ld-linux-x86-64.so.2",
        "usr/local/bin/amrouter",
      ].sort(),
    );
    expect(lstatSync(join(rootfs, "usr/local/bin/amrouter")).size).toBe(statSync(build.binary).size);
    expect(statSync(join(rootfs, "data")).uid).toBe(10001);
    expect(readFileSync(join(rootfs, "etc/passwd"), "utf8")).toContain("amrouter:x:10001:10001:");
  });

  test("compressed size (podman save | gzip) is under 60 MB", () => {
    console.log(`[release] image compressed size: ${(compressedBytes / 1e6).toFixed(1)} MB (${compressedBytes} bytes)`);
    expect(compressedBytes).toBeGreaterThan(1_000_000);
    expect(compressedBytes).toBeLessThan(60_000_000);
  });

  test("the gateway runs from the image's root filesystem: /health, a proxied completion, the HEALTHCHECK command", async () => {
    for (const directory of ["proc", "dev"]) mkdirSync(join(rootfs, directory), { recursive: true });
    const [uid, gid] = config.User.split(":").map(Number);
    writeFileSync(join(rootfs, "data", "amrouter.yaml"), mockConfigYaml(mock.url, `apiKeys:\n  - name: container\n    key: ${apiKey}\n`));
    chownSync(join(rootfs, "data", "amrouter.yaml"), uid!, gid!);
    const environment = imageEnvironment({ PORT: "0", AMROUTER_CONFIG: "/data/amrouter.yaml", REQUIRE_API_KEY: "true" });
    const started = performance.now();
    const gateway = await startBinaryGateway(inRootfs([...config.Entrypoint, ...config.Cmd]), { env: environment });
    try {
      const health = await fetch(`${gateway.url}/health`);
      expect(health.status).toBe(200);
      timings["rootfs start to first /health"] = (performance.now() - started) / 1000;
      const request = (authorization?: string) =>
        fetch(`${gateway.url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ model: "mock/gpt-4o-mini", messages: [{ role: "user", content: "from scratch" }] }),
        });
      expect((await request()).status).toBe(401);
      const response = await request(`Bearer ${apiKey}`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toBe("Echo: from scratch");
      expect(mock.requests.some((recorded) => recorded.path === "/v1/chat/completions")).toBe(true);

      const port = new URL(gateway.url).port;
      const check = await runBinary(inRootfs(healthcheck), { env: imageEnvironment({ PORT: port }) });
      expect(`${check.stdout}${check.stderr}`).toBe("");
      expect(check.code).toBe(0);
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
    const stored = readdirSync(join(rootfs, "data"));
    expect(stored).toEqual(expect.arrayContaining([".env", "amrouter.db"]));
    expect(statSync(join(rootfs, "data", "amrouter.db")).uid).toBe(10001);
    expect(mountsUnder(rootfs)).toEqual([]);
  }, 60_000);
});
