// Ad-hoc code signatures for the macOS binaries, written without Apple's tools so a Linux machine can make a release.
//
// `bun build --compile` appends the bundle to a copy of the Bun runtime. For darwin-arm64 Bun re-signs the result
// ad hoc; for darwin-x64 (Bun 1.4.5) it keeps the runtime's original signature, whose page hashes no longer cover
// the file, so macOS would reject it. `ensureAdhocSignature` checks the signature the way the kernel does (every
// page hash up to the signature) and, when it does not hold, replaces it with a linker-style ad-hoc signature: one
// SHA-256 CodeDirectory (version 0x20400, flags adhoc|linker-signed) over the whole file, as `ld -adhoc_codesign`
// and Bun's own arm64 output have.
import { readFileSync, writeFileSync } from "node:fs";

const MH_MAGIC_64 = 0xfeedfacf;
const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CS_ADHOC = 0x2;
const CS_LINKER_SIGNED = 0x20000;
const CS_EXECSEG_MAIN_BINARY = 0x1;
const pageShift = 12;
const pageSize = 1 << pageShift;

type Segment = { offset: number; fileoff: number; filesize: number };
type Layout = { text: Segment; linkedit: Segment; signatureCommand: number; dataoff: number; datasize: number; executable: boolean };

function layout(file: Buffer): Layout {
  if (file.readUInt32LE(0) !== MH_MAGIC_64) throw new Error("not a 64-bit little-endian Mach-O file");
  const commands = file.readUInt32LE(16);
  let offset = 32;
  let text: Segment | undefined;
  let linkedit: Segment | undefined;
  let signatureCommand = -1;
  for (let index = 0; index < commands; index++) {
    const command = file.readUInt32LE(offset);
    if (command === LC_SEGMENT_64) {
      const name = file.toString("latin1", offset + 8, offset + 24).replace(/\0+$/, "");
      const segment = { offset, fileoff: Number(file.readBigUInt64LE(offset + 40)), filesize: Number(file.readBigUInt64LE(offset + 48)) };
      if (name === "__TEXT") text = segment;
      if (name === "__LINKEDIT") linkedit = segment;
    }
    if (command === LC_CODE_SIGNATURE) signatureCommand = offset;
    offset += file.readUInt32LE(offset + 4);
  }
  if (!text || !linkedit) throw new Error("no __TEXT or __LINKEDIT segment");
  if (signatureCommand < 0) throw new Error("no LC_CODE_SIGNATURE load command");
  return {
    text,
    linkedit,
    signatureCommand,
    dataoff: file.readUInt32LE(signatureCommand + 8),
    datasize: file.readUInt32LE(signatureCommand + 12),
    executable: file.readUInt32LE(12) === 2,
  };
}

const pageHash = (file: Buffer, page: number, codeLimit: number) =>
  new Bun.CryptoHasher("sha256").update(file.subarray(page * pageSize, Math.min((page + 1) * pageSize, codeLimit))).digest();

/** Why the embedded signature would not pass the kernel's page checks, or undefined when it does. */
export function signatureProblem(file: Buffer): string | undefined {
  const { dataoff, datasize } = layout(file);
  if (dataoff + datasize > file.length) return "the signature runs past the end of the file";
  if (file.readUInt32BE(dataoff) !== CSMAGIC_EMBEDDED_SIGNATURE) return "no embedded signature blob";
  let directory = -1;
  for (let index = 0; index < file.readUInt32BE(dataoff + 8); index++) {
    const entry = dataoff + 12 + index * 8;
    if (file.readUInt32BE(entry) === 0) directory = dataoff + file.readUInt32BE(entry + 4);
  }
  if (directory < 0 || file.readUInt32BE(directory) !== CSMAGIC_CODEDIRECTORY) return "no CodeDirectory";
  const hashOffset = file.readUInt32BE(directory + 16);
  const codeSlots = file.readUInt32BE(directory + 28);
  const codeLimit = file.readUInt32BE(directory + 32);
  if (file[directory + 37] !== 2 || file[directory + 36] !== 32 || file[directory + 39] !== pageShift) return "not SHA-256 over 4 KB pages";
  if (codeLimit !== dataoff) return `the signature covers ${codeLimit} bytes, the code is ${dataoff}`;
  if (codeSlots !== Math.ceil(codeLimit / pageSize)) return "wrong number of page hashes";
  for (let page = 0; page < codeSlots; page++) {
    const stored = file.subarray(directory + hashOffset + page * 32, directory + hashOffset + (page + 1) * 32);
    if (!pageHash(file, page, codeLimit).equals(stored)) return `page ${page} does not match its hash`;
  }
  return undefined;
}

/** Returns `file` with its signature replaced by an ad-hoc one over everything before it. */
export function adhocSign(file: Buffer, identifier: string): Buffer {
  const { text, linkedit, signatureCommand, dataoff, executable } = layout(file);
  if (dataoff % 16 !== 0) throw new Error("the signature is not 16-byte aligned");
  if (linkedit.fileoff > dataoff) throw new Error("the signature is not inside __LINKEDIT");
  const ident = Buffer.from(`${identifier}\0`, "utf8");
  const codeSlots = Math.ceil(dataoff / pageSize);
  const headerSize = 88;
  const hashOffset = headerSize + ident.length;
  const directoryLength = hashOffset + codeSlots * 32;
  const superLength = 12 + 8 + directoryLength;
  const datasize = Math.ceil(superLength / 16) * 16;

  const signed = Buffer.alloc(dataoff + datasize);
  file.copy(signed, 0, 0, dataoff);
  signed.writeUInt32LE(datasize, signatureCommand + 12);
  const linkeditSize = dataoff + datasize - linkedit.fileoff;
  signed.writeBigUInt64LE(BigInt(Math.ceil(linkeditSize / 0x4000) * 0x4000), linkedit.offset + 32); // vmsize
  signed.writeBigUInt64LE(BigInt(linkeditSize), linkedit.offset + 48); // filesize

  let at = dataoff;
  const u32 = (value: number) => {
    signed.writeUInt32BE(value >>> 0, at);
    at += 4;
  };
  const u64 = (value: number) => {
    signed.writeBigUInt64BE(BigInt(value), at);
    at += 8;
  };
  u32(CSMAGIC_EMBEDDED_SIGNATURE);
  u32(superLength);
  u32(1); // one blob
  u32(0); // CSSLOT_CODEDIRECTORY
  u32(20); // at offset 20
  u32(CSMAGIC_CODEDIRECTORY);
  u32(directoryLength);
  u32(0x20400);
  u32(CS_ADHOC | CS_LINKER_SIGNED);
  u32(hashOffset);
  u32(headerSize); // identOffset
  u32(0); // nSpecialSlots
  u32(codeSlots);
  u32(dataoff); // codeLimit
  signed.writeUInt8(32, at++); // hashSize
  signed.writeUInt8(2, at++); // hashType: SHA-256
  signed.writeUInt8(0, at++); // platform
  signed.writeUInt8(pageShift, at++);
  u32(0); // spare2
  u32(0); // scatterOffset
  u32(0); // teamOffset
  u32(0); // spare3
  u64(0); // codeLimit64
  u64(text.fileoff); // execSegBase
  u64(text.filesize); // execSegLimit
  u64(executable ? CS_EXECSEG_MAIN_BINARY : 0);
  ident.copy(signed, at);
  at += ident.length;
  for (let page = 0; page < codeSlots; page++) {
    pageHash(signed, page, dataoff).copy(signed, at);
    at += 32;
  }
  return signed;
}

/** Leaves a valid signature alone; otherwise signs the file ad hoc in place. Returns what it did. */
export function ensureAdhocSignature(path: string, identifier = "amrouter"): "valid" | "re-signed" {
  const file = readFileSync(path);
  if (signatureProblem(file) === undefined) return "valid";
  const signed = adhocSign(file, identifier);
  const problem = signatureProblem(signed);
  if (problem) throw new Error(`ad-hoc signing ${path} failed: ${problem}`);
  writeFileSync(path, signed);
  return "re-signed";
}
