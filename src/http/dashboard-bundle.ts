// The dashboard's files, inlined into this module by a macro at bundle time (see
// scripts/dashboard/dashboard-files-macro.ts). Imported only when the dashboard is first requested, so start-up
// never pays for it; decoded from base64 once.
import { dashboardFiles } from "../../scripts/dashboard/dashboard-files-macro.ts" with { type: "macro" };

export type ServedFile = {
  contentType: string;
  immutable: boolean;
  body: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer> | undefined;
  brotli: Uint8Array<ArrayBuffer> | undefined;
  etag: string;
};

const decode = (base64: string | undefined) => (base64 === undefined ? undefined : new Uint8Array(Buffer.from(base64, "base64")));

export function loadDashboardFiles(): Map<string, ServedFile> {
  const files = new Map<string, ServedFile>();
  for (const file of dashboardFiles()) {
    const body = decode(file.body)!;
    files.set(file.path, {
      contentType: file.contentType,
      immutable: file.immutable,
      body,
      gzip: decode(file.gzip),
      brotli: decode(file.brotli),
      etag: `"${Bun.hash(body).toString(36)}"`,
    });
  }
  return files;
}
