// `bun run bench`: mock upstream, a bare pass-through proxy (the floor) and the compiled gateway, each in its
// own process, loaded by wrk from another process. Prints one table: requests/s at 10 connections as a ratio
// of the floor, added latency at 1 connection, time to first token, and the gateway's memory.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const duration = process.env.BENCH_SECONDS ?? "5";
const work = mkdtempSync(join(tmpdir(), "amrouter-bench-"));
const children: Array<ReturnType<typeof Bun.spawn>> = [];

if (Bun.spawnSync(["which", "wrk"]).exitCode !== 0) {
  console.error("bench needs wrk: apt-get install -y wrk");
  process.exit(1);
}

async function startProcess(command: string[], environment: Record<string, string> = {}): Promise<{ url: string; pid: number; stop(): Promise<unknown> }> {
  const child = Bun.spawn(command, { cwd: work, env: { ...process.env, ...environment }, stdout: "pipe", stderr: "inherit" });
  children.push(child);
  const reader = (child.stdout as ReadableStream<Uint8Array>).getReader();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`${command.join(" ")} exited: ${text}`);
    text += new TextDecoder().decode(value);
    const match = /listening on (http:\/\/[\d.:]+)/.exec(text);
    if (match) {
      reader.releaseLock();
      return { url: match[1]!, pid: child.pid, stop: () => (child.kill("SIGTERM"), child.exited) };
    }
  }
}

function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

type WrkResult = { requestsPerSecond: number; p50: number; p99: number; requests: number };

const rounds = 3;

/** The middle item by `key` (of an odd count). */
function median<Item>(items: Item[], key: (item: Item) => number): Item {
  return [...items].sort((left, right) => key(left) - key(right))[Math.floor(items.length / 2)]!;
}

/** CPU time (user + system) a process has used, in microseconds; Linux only (NaN elsewhere). */
function cpuMicroseconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * (1_000_000 / 100);
  } catch {
    return NaN;
  }
}

/** A wrk run, with the CPU the server process spent per request (steadier than req/s on a shared machine). */
function measured(pid: number, url: string, body: string): WrkResult & { cpuPerRequest: number } {
  const before = cpuMicroseconds(pid);
  const result = wrk(url, body, 10);
  return { ...result, cpuPerRequest: (cpuMicroseconds(pid) - before) / result.requests };
}

function wrk(url: string, body: string, connections: number, seconds: number | string = duration): WrkResult {
  const script = join(work, "post.lua");
  writeFileSync(script, `wrk.method = "POST"\nwrk.body = ${JSON.stringify(body)}\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = "Bearer ${apiKey}"\n`);
  const result = Bun.spawnSync(["wrk", "-t", "1", "-c", String(connections), "-d", `${seconds}s`, "--latency", "-s", script, `${url}/v1/chat/completions`]);
  const output = result.stdout.toString();
  const toMilliseconds = (value: string, unit: string) => Number(value) * (unit === "us" ? 0.001 : unit === "s" ? 1000 : 1);
  const percentile = (label: string) => {
    const match = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(output);
    return match ? toMilliseconds(match[1]!, match[2]!) : NaN;
  };
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  if (errors) throw new Error(`wrk saw ${errors[1]} error responses from ${url}`);
  return {
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? NaN),
    p50: percentile("50"),
    p99: percentile("99"),
    requests: Number(/(\d+) requests in/.exec(output)?.[1] ?? NaN),
  };
}

async function timeToFirstToken(url: string, model: string, samples = 50): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < samples; index++) {
    const started = performance.now();
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ model, stream: true, messages: [{ role: "user", content: "measure me" }] }),
    });
    const reader = response.body!.getReader();
    await reader.read();
    times.push(performance.now() - started);
    while (!(await reader.read()).done) {}
  }
  times.sort((left, right) => left - right);
  return times[Math.floor(times.length / 2)]!;
}

let apiKey = "bench";
try {
  const build = Bun.spawnSync([process.execPath, join(root, "scripts", "build.ts"), "--outfile", join(work, "amrouter")], { stdout: "ignore", stderr: "inherit" });
  if (build.exitCode !== 0) throw new Error("build failed");
  const mock = await startProcess([process.execPath, join(root, "scripts", "bench", "mock-process.ts")]);
  const floor = await startProcess([process.execPath, join(root, "scripts", "bench", "floor-proxy.ts"), mock.url]);
  writeFileSync(
    join(work, "amrouter.yaml"),
    `connections:\n  - name: mock\n    provider: openai-chat\n    baseUrl: ${mock.url}/v1\n    apiKey: sk-bench-0123456789\napiKeys:\n  - name: bench\n    key: amr_benchbenchbenchbenchbench\n`,
  );
  apiKey = "amr_benchbenchbenchbenchbench";
  const gatewayCommand = [join(work, "amrouter"), "--config", "amrouter.yaml", "--port", "0", "--headless"];
  const gatewayEnvironment = { DATA_DIR: join(work, "data"), REQUIRE_API_KEY: "true", APP_LOG_LEVEL: "warn" };
  // The first boot creates the data directory, the database and the keys; idle memory is measured on both it and
  // the gateway as it normally starts (the second boot), which is the one loaded below.
  const firstBoot = await startProcess(gatewayCommand, gatewayEnvironment);
  await Bun.sleep(500);
  const firstBootIdle = residentMegabytes(firstBoot.pid);
  await firstBoot.stop();
  const gateway = await startProcess(gatewayCommand, gatewayEnvironment);
  await Bun.sleep(500);
  const idle = residentMegabytes(gateway.pid);

  const json = (model: string) => JSON.stringify({ model, messages: [{ role: "user", content: "benchmark this request please" }] });
  // The gateway always asks a stream's upstream for usage; the clients here ask too, so direct, floor and gateway
  // make the mock do the same work (it spaces chunks about 1 ms apart: one more chunk would be 1 ms more).
  const stream = (model: string) =>
    JSON.stringify({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "benchmark this request please" }] });
  const rows: string[][] = [];
  for (const [label, body, gatewayBody] of [
    ["JSON", json("gpt-4o-mini"), json("mock/gpt-4o-mini")],
    ["stream", stream("chunk-delay-0"), stream("mock/chunk-delay-0")],
  ] as const) {
    // Warm-up (JIT, connection pools, SQLite pages) so the measured runs compare steady states.
    for (const [url, warmBody] of [[mock.url, body], [floor.url, body], [gateway.url, gatewayBody]] as const) wrk(url, warmBody, 10, 2);
    const direct = wrk(mock.url, body, 10);
    // Floor and gateway alternate for three rounds; each column is the median round (one noisy moment on a shared
    // machine moves a single run by 20% or more).
    const floorRuns: Array<ReturnType<typeof measured>> = [];
    const gatewayRuns: Array<ReturnType<typeof measured>> = [];
    for (let round = 0; round < rounds; round++) {
      floorRuns.push(measured(floor.pid, floor.url, body));
      gatewayRuns.push(measured(gateway.pid, gateway.url, gatewayBody));
    }
    const floorResult = median(floorRuns, (run) => run.requestsPerSecond);
    const gatewayResult = median(gatewayRuns, (run) => run.requestsPerSecond);
    const ratio = median(
      floorRuns.map((run, index) => gatewayRuns[index]!.requestsPerSecond / run.requestsPerSecond),
      (value) => value,
    );
    const directSingle = wrk(mock.url, body, 1);
    const floorSingle = wrk(floor.url, body, 1);
    const gatewaySingle = wrk(gateway.url, gatewayBody, 1);
    rows.push([
      label,
      direct.requestsPerSecond.toFixed(0),
      floorResult.requestsPerSecond.toFixed(0),
      gatewayResult.requestsPerSecond.toFixed(0),
      `${(ratio * 100).toFixed(0)}%`,
      `${(gatewaySingle.p50 - directSingle.p50).toFixed(3)} / ${(gatewaySingle.p50 - floorSingle.p50).toFixed(3)}`,
      `${(gatewaySingle.p99 - directSingle.p99).toFixed(3)} / ${(gatewaySingle.p99 - floorSingle.p99).toFixed(3)}`,
      `${median(floorRuns, (run) => run.cpuPerRequest).cpuPerRequest.toFixed(0)} / ${median(gatewayRuns, (run) => run.cpuPerRequest).cpuPerRequest.toFixed(0)}`,
    ]);
  }
  const after = residentMegabytes(gateway.pid);
  // Leak check: two runs of 50,000 JSON requests each; memory that keeps growing in the second half is a leak.
  const soakRate = Number(rows[0]![3]) || 2_000;
  const soakSeconds = Math.max(5, Math.ceil(50_000 / soakRate));
  const soak: Array<{ requests: number; megabytes: number }> = [];
  for (let half = 0; half < 2; half++) {
    const result = wrk(gateway.url, json("mock/gpt-4o-mini"), 10, soakSeconds);
    soak.push({ requests: result.requests, megabytes: residentMegabytes(gateway.pid) });
  }
  const firstTokenDirect = await timeToFirstToken(mock.url, "chunk-delay-0");
  const firstTokenGateway = await timeToFirstToken(gateway.url, "mock/chunk-delay-0");

  const header = ["mode", "direct req/s", "floor req/s", "gateway req/s", "gateway/floor", "added p50 ms (1 conn) over direct / floor", "added p99 ms (1 conn) over direct / floor", "CPU µs/request floor / gateway"];
  const table = [header, header.map(() => "---"), ...rows].map((row) => `| ${row.join(" | ")} |`).join("\n");
  console.log(`\n${table}\n`);
  console.log(`added time to first token (median of 50, stream): ${(firstTokenGateway - firstTokenDirect).toFixed(3)} ms`);
  console.log(`gateway RSS: idle ${idle.toFixed(1)} MB (first boot ${firstBootIdle.toFixed(1)} MB), after load ${after.toFixed(1)} MB`);
  console.log(
    `soak: ${(soak[0]!.requests + soak[1]!.requests).toLocaleString("en-US")} more JSON requests; RSS ${soak[0]!.megabytes.toFixed(1)} MB after the first ` +
      `${soak[0]!.requests.toLocaleString("en-US")}, ${soak[1]!.megabytes.toFixed(1)} MB after the rest (growth ${(soak[1]!.megabytes - soak[0]!.megabytes).toFixed(1)} MB)`,
  );
  console.log(
    `(${duration}s per wrk run; req/s at 10 connections, floor and gateway alternating for ${rounds} rounds, medians shown; mock, floor proxy, gateway and wrk share this machine's ${navigator.hardwareConcurrency} cores)`,
  );
} finally {
  for (const child of children) child.kill();
  rmSync(work, { recursive: true, force: true });
}
