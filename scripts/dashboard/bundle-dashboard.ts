// Bundles web/ (Preact + htm) into the files the gateway serves: minified ES modules split per page with hashed
// names, the stylesheet, index.html pointing at them, the PWA manifest, service worker and icons. Each file is
// precompressed (gzip and brotli) here, at build time, so serving it costs nothing.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

export type DashboardFile = {
  /** The URL path it is served at, e.g. /assets/main-1a2b3c4d.js. */
  path: string;
  contentType: string;
  /** Hashed name: cached forever. Otherwise revalidated on every load. */
  immutable: boolean;
  /** The file itself, base64. */
  body: string;
  /** Precompressed variants, base64; absent when compression does not make the file smaller. */
  gzip?: string;
  brotli?: string;
};

const webDirectory = join(import.meta.dir, "..", "..", "web");

const contentTypes: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  html: "text/html; charset=utf-8",
  webmanifest: "application/manifest+json",
  svg: "image/svg+xml",
  png: "image/png",
};

function contentTypeOf(path: string): string {
  return contentTypes[path.slice(path.lastIndexOf(".") + 1)] ?? "application/octet-stream";
}

function packFile(path: string, bytes: Uint8Array<ArrayBuffer>, immutable: boolean): DashboardFile {
  const file: DashboardFile = { path, contentType: contentTypeOf(path), immutable, body: Buffer.from(bytes).toString("base64") };
  if (file.contentType.startsWith("image/png")) return file;
  const gzip = Bun.gzipSync(bytes, { level: 9 });
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  if (gzip.length < bytes.length) file.gzip = Buffer.from(gzip).toString("base64");
  if (brotli.length < bytes.length) file.brotli = Buffer.from(brotli).toString("base64");
  return file;
}

export async function bundleDashboard(): Promise<DashboardFile[]> {
  const result = await Bun.build({
    entrypoints: [join(webDirectory, "src", "main.ts"), join(webDirectory, "styles.css")],
    target: "browser",
    format: "esm",
    splitting: true,
    minify: true,
    naming: { entry: "[name]-[hash].[ext]", chunk: "[name]-[hash].[ext]", asset: "[name]-[hash].[ext]" },
    throw: false,
  });
  if (!result.success) throw new Error(`dashboard build failed:\n${result.logs.map((log) => String(log)).join("\n")}`);
  const files: DashboardFile[] = [];
  let entryScript = "";
  let stylesheet = "";
  for (const output of result.outputs) {
    const name = output.path.replace(/^\.\//, "");
    const path = `/assets/${name}`;
    if (output.kind === "entry-point" && name.endsWith(".js")) entryScript = path;
    if (name.endsWith(".css")) stylesheet = path;
    files.push(packFile(path, new Uint8Array(await output.arrayBuffer()), true));
  }
  const index = readFileSync(join(webDirectory, "index.html"), "utf8")
    .replace("<!-- stylesheet -->", `<link rel="stylesheet" href="${stylesheet}">`)
    .replace("<!-- script -->", `<script type="module" src="${entryScript}"></script>`);
  files.push(packFile("/index.html", new TextEncoder().encode(index), false));
  const assetList = JSON.stringify(files.map((file) => file.path).filter((path) => path.startsWith("/assets/")));
  const version = new Bun.CryptoHasher("sha256").update(assetList).digest("hex").slice(0, 12);
  const worker = readFileSync(join(webDirectory, "service-worker.js"), "utf8").replace("self.__ASSETS__", assetList).replace("__VERSION__", version);
  files.push(packFile("/service-worker.js", new TextEncoder().encode(worker), false));
  files.push(packFile("/manifest.webmanifest", new Uint8Array(readFileSync(join(webDirectory, "manifest.webmanifest"))), false));
  for (const icon of readdirSync(join(webDirectory, "icons"))) files.push(packFile(`/icons/${icon}`, new Uint8Array(readFileSync(join(webDirectory, "icons", icon))), false));
  return files;
}
