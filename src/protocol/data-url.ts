// data: URLs ↔ IR media sources, shared by every format that carries images or files as URLs.
import type { IrMediaSource } from "./ir.ts";

const dataUrlPattern = /^data:([^;,]+)?(?:;[^,]*)?;base64,(.*)$/s;

export function mediaSourceFromUrl(url: string): IrMediaSource {
  const match = dataUrlPattern.exec(url);
  if (match) return { kind: "base64", mediaType: match[1] ?? "application/octet-stream", data: match[2]! };
  return { kind: "url", url };
}

export function mediaSourceToUrl(source: IrMediaSource): string | undefined {
  if (source.kind === "url") return source.url;
  if (source.kind === "base64") return `data:${source.mediaType};base64,${source.data}`;
  if (source.kind === "text") return `data:${source.mediaType ?? "text/plain"};base64,${Buffer.from(source.text).toString("base64")}`;
  return undefined;
}
