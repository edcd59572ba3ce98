// The build context of the scratch image (see Containerfile): the linux-x64 binary, the shared libraries it links
// and the ELF loader, copied from this (glibc) machine, CA certificates, and passwd/group entries for the non-root
// user. Nothing else: no shell, no package manager.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const imageUser = { uid: 10001, gid: 10001, name: "amrouter" };

const caBundles = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"];

/** The ELF program interpreter (PT_INTERP) of a 64-bit little-endian executable. */
export function elfInterpreter(path: string): string | undefined {
  const file = readFileSync(path);
  if (file.readUInt32BE(0) !== 0x7f454c46 || file[4] !== 2 || file[5] !== 1) return undefined;
  const programHeaderOffset = Number(file.readBigUInt64LE(0x20));
  const entrySize = file.readUInt16LE(0x36);
  const count = file.readUInt16LE(0x38);
  for (let index = 0; index < count; index++) {
    const header = programHeaderOffset + index * entrySize;
    if (file.readUInt32LE(header) !== 3) continue;
    const offset = Number(file.readBigUInt64LE(header + 0x08));
    const size = Number(file.readBigUInt64LE(header + 0x20));
    return file.subarray(offset, offset + size).toString("latin1").replace(/\0+$/, "");
  }
  return undefined;
}

/** The absolute paths of the shared libraries `binary` loads, as the dynamic loader resolves them (ldd). */
export function sharedLibraries(binary: string): string[] {
  const ldd = Bun.spawnSync(["ldd", binary], { stdout: "pipe", stderr: "pipe" });
  const output = ldd.stdout.toString();
  if (ldd.exitCode !== 0) throw new Error(`ldd ${binary} failed: ${ldd.stderr.toString().trim() || output.trim()}`);
  const missing = output.split("\n").filter((line) => line.includes("=> not found"));
  if (missing.length > 0) throw new Error(`ldd: missing libraries:\n${missing.join("\n")}`);
  const paths = new Set<string>();
  for (const line of output.split("\n")) {
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line);
    if (match) paths.add(match[1]!);
  }
  return [...paths];
}

export type ImageContext = { directory: string; libraries: string[]; caBundle: string };

/**
 * Writes the build context into `directory` (emptied first):
 *   amrouter            the binary
 *   rootfs/             copied to / : the libraries at the paths the loader looks for them, /etc files, CA bundle
 *   owned/data, owned/tmp   copied to / owned by the non-root user
 */
export function stageImageContext(binary: string, directory: string): ImageContext {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error("the image is built from the linux-x64 binary and this machine's glibc: run `bun run image` on Linux x86-64");
  }
  const interpreter = elfInterpreter(binary);
  if (!interpreter) throw new Error(`${binary} is not a 64-bit ELF executable`);
  if (interpreter.includes("musl")) throw new Error(`${binary} is a musl build; the image uses the glibc linux-x64 build`);
  rmSync(directory, { recursive: true, force: true });
  const rootfs = join(directory, "rootfs");
  mkdirSync(rootfs, { recursive: true });

  const libraries = sharedLibraries(binary);
  if (!libraries.includes(interpreter)) libraries.push(interpreter);
  for (const library of libraries) {
    const target = join(rootfs, library);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(realpathSync(library), target);
    chmodSync(target, 0o755);
  }

  const caBundle = caBundles.find((path) => existsSync(path));
  if (!caBundle) throw new Error(`no CA certificate bundle found (looked for ${caBundles.join(", ")}); install ca-certificates`);
  mkdirSync(join(rootfs, "etc", "ssl", "certs"), { recursive: true });
  copyFileSync(realpathSync(caBundle), join(rootfs, "etc", "ssl", "certs", "ca-certificates.crt"));
  chmodSync(join(rootfs, "etc", "ssl", "certs", "ca-certificates.crt"), 0o644);

  const { uid, gid, name } = imageUser;
  writeFileSync(join(rootfs, "etc", "passwd"), `root:x:0:0:root:/root:/sbin/nologin\n${name}:x:${uid}:${gid}:AmRouter:/data:/sbin/nologin\n`);
  writeFileSync(join(rootfs, "etc", "group"), `root:x:0:\n${name}:x:${gid}:\n`);
  // glibc resolves host names itself (files and dns are built into libc since 2.34); this only states the order.
  writeFileSync(join(rootfs, "etc", "nsswitch.conf"), "hosts: files dns\n");

  for (const owned of ["data", "tmp"]) mkdirSync(join(directory, "owned", owned), { recursive: true });
  chmodSync(join(directory, "owned", "tmp"), 0o1777);
  copyFileSync(binary, join(directory, "amrouter"));
  chmodSync(join(directory, "amrouter"), 0o755);
  return { directory, libraries, caBundle };
}
