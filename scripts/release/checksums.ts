// SHA-256 of release files, and the SHA256SUMS file (`sha256sum -c SHA256SUMS` checks a download with it).
import { createReadStream } from "node:fs";

export async function sha256File(path: string): Promise<string> {
  const hasher = new Bun.CryptoHasher("sha256");
  for await (const chunk of createReadStream(path)) hasher.update(chunk as Buffer);
  return hasher.digest("hex");
}

export function formatChecksums(entries: Array<{ file: string; sha256: string }>): string {
  return [...entries]
    .sort((left, right) => left.file.localeCompare(right.file))
    .map((entry) => `${entry.sha256}  ${entry.file}\n`)
    .join("");
}

export function parseChecksums(text: string): Map<string, string> {
  const checksums = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trimEnd());
    if (match) checksums.set(match[2]!, match[1]!);
  }
  return checksums;
}
