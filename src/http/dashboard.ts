// Serves the dashboard: index.html at /, hashed scripts and styles under /assets/ (cached forever), the PWA
// manifest, service worker and icons. Everything comes from the bundle inlined in the binary, loaded on the
// first request; responses are precompressed (brotli or gzip, as the browser accepts) and revalidate by ETag.
import { Elysia } from "elysia";
import type { GatewayRuntime } from "../gateway/gateway-runtime.ts";
import type { ServedFile } from "./dashboard-bundle.ts";

const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

function acceptedEncoding(request: Request, file: ServedFile): "br" | "gzip" | undefined {
  const accepted = request.headers.get("accept-encoding") ?? "";
  if (file.brotli && /\bbr\b/.test(accepted)) return "br";
  if (file.gzip && /\bgzip\b/.test(accepted)) return "gzip";
  return undefined;
}

function respond(request: Request, file: ServedFile | undefined): Response {
  if (!file) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  const headers: Record<string, string> = {
    "content-type": file.contentType,
    "cache-control": file.immutable ? "public, max-age=31536000, immutable" : "no-cache",
    etag: file.etag,
    vary: "accept-encoding",
    "x-content-type-options": "nosniff",
  };
  if (file.contentType.startsWith("text/html")) {
    headers["content-security-policy"] = contentSecurityPolicy;
    headers["x-frame-options"] = "DENY";
    headers["referrer-policy"] = "no-referrer";
  }
  if (request.headers.get("if-none-match") === file.etag) return new Response(null, { status: 304, headers });
  const encoding = acceptedEncoding(request, file);
  if (encoding) headers["content-encoding"] = encoding;
  const body = encoding === "br" ? file.brotli! : encoding === "gzip" ? file.gzip! : file.body;
  return new Response(request.method === "HEAD" ? null : body, { headers });
}

export function dashboardRoutes(_runtime: GatewayRuntime) {
  let files: Promise<Map<string, ServedFile>> | undefined;
  const load = () => (files ??= import("./dashboard-bundle.ts").then((module) => module.loadDashboardFiles()));
  const serve = (path: string) => async ({ request }: { request: Request }) => respond(request, (await load()).get(path));
  const serveUnder = (prefix: string) => async ({ request, params }: { request: Request; params: { "*": string } }) =>
    respond(request, (await load()).get(`${prefix}${params["*"]}`));
  const hidden = { detail: { hide: true } };
  return new Elysia({ name: "dashboard" })
    .get("/", serve("/index.html"), hidden)
    .get("/index.html", serve("/index.html"), hidden)
    .get("/service-worker.js", serve("/service-worker.js"), hidden)
    .get("/manifest.webmanifest", serve("/manifest.webmanifest"), hidden)
    .get("/assets/*", serveUnder("/assets/"), hidden)
    .get("/icons/*", serveUnder("/icons/"), hidden);
}
