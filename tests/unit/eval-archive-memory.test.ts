import { closeSync, mkdtempSync, openSync, readFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { readInspectEvalArchive } from "@/lib/imports/inspect-log";
import { DEFAULT_INSPECT_SAFE_VALUE } from "@/lib/imports/inspect-safe-value";
import { readExternalResults } from "@/lib/imports/read-external-results";
import { type ZipSource, zipFileSource } from "@/lib/imports/zip-entries";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";

const dir = mkdtempSync(join(tmpdir(), "eval-archive-memory-"));
const log = JSON.parse(readFileSync(`${FIXTURES_DIR}/inspect/log_formats.json`, "utf8"));
const { samples, ...header } = log;

const MIB = 1024 ** 2;

/**
 * An .eval archive written to disk a MiB at a time, its members stored: header.json, a few samples,
 * and a member the reader does not read (Inspect's logs/ or a large attachment) of `paddingMiB` MiB.
 * The process never holds the archive.
 */
function writeArchive(name: string, paddingMiB: number, sampleCount = 3): string {
  const path = join(dir, name);
  const fd = openSync(path, "w");
  const centrals: Buffer[] = [];
  let offset = 0;
  const write = (bytes: Buffer) => {
    writeSync(fd, bytes);
    offset += bytes.length;
  };
  const member = (memberName: string, size: number, crc: number, writeContent: () => void) => {
    const nameBytes = Buffer.from(memberName);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(size, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(size, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    write(local);
    write(nameBytes);
    writeContent();
  };
  const text = (memberName: string, value: unknown) => {
    const bytes = Buffer.from(JSON.stringify(value));
    member(memberName, bytes.length, crc32(bytes) >>> 0, () => write(bytes));
  };
  text("header.json", header);
  for (let i = 1; i <= sampleCount; i++) text(`samples/${i}_epoch_1.json`, { ...samples[0], id: i });
  const piece = Buffer.alloc(MIB, "0123456789abcdef");
  let crc = 0;
  for (let i = 0; i < paddingMiB; i++) crc = crc32(piece, crc);
  member("logs/padding.bin", paddingMiB * MIB, crc >>> 0, () => {
    for (let i = 0; i < paddingMiB; i++) write(piece);
  });
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  write(directory);
  write(end);
  closeSync(fd);
  return path;
}

describe("an .eval archive read from its file", () => {
  it("holds a member at a time, never the file: a 96 MiB archive of three small samples was read into memory whole", async () => {
    const path = writeArchive("padded.eval", 96);
    const before = process.memoryUsage().arrayBuffers;
    let held = 0;
    let results = 0;
    for await (const item of readExternalResults(path)) {
      held = Math.max(held, process.memoryUsage().arrayBuffers - before);
      if (item.kind === "result") results++;
    }
    expect(results).toBe(3);
    // arrayBuffers also counts chunks already read and not yet collected, more of them on a busy
    // machine (16 MiB was passed twice at load 19): half the file still tells a member at a time
    // from the whole file, which the old reader held (99,655,323 bytes).
    expect(held).toBeLessThan(48 * MIB);
  });

  it("reads no more of the file at once than the largest member it reads, or a MiB of its central directory", () => {
    const path = writeArchive("counted.eval", 4, 40);
    const fd = openSync(path, "r");
    try {
      const file = zipFileSource(fd);
      const reads: number[] = [];
      const counted: ZipSource = {
        size: file.size,
        read(position, length) {
          reads.push(length);
          return file.read(position, length);
        },
      };
      const items = [...readInspectEvalArchive(counted, { name: "counted.eval", sha256: "0" }, () => DEFAULT_INSPECT_SAFE_VALUE)];
      expect(items.filter((item) => item.kind === "result")).toHaveLength(40);
      const largestSample = Buffer.byteLength(JSON.stringify({ ...samples[0], id: 40 }));
      // The end record's search reads the last 64 KiB and a little; a sample is read whole; the padding is never read.
      expect(Math.max(...reads)).toBeLessThanOrEqual(Math.max(22 + 0xffff + 20, largestSample));
      expect(reads.reduce((sum, n) => sum + n, 0)).toBeLessThan(MIB);
    } finally {
      closeSync(fd);
    }
  });
});

/** An archive of header.json and `count` one-line samples with no id, written in pieces of a few MiB. */
function writeTinySamples(name: string, count: number): string {
  const path = join(dir, name);
  const fd = openSync(path, "w");
  const pending: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const member = (memberName: string, content: Buffer) => {
    const nameBytes = Buffer.from(memberName);
    const crc = crc32(content) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(content.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(content.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    pending.push(local, nameBytes, content);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + content.length;
    if (pending.length > 30_000) writeSync(fd, Buffer.concat(pending.splice(0)));
  };
  member("header.json", Buffer.from(JSON.stringify(header)));
  const content = Buffer.from("{}");
  // In the order a shuffled run writes them, so the reader has sorting to do.
  for (let i = 0; i < count; i++) member(`samples/${(i * 7919) % count}_epoch_1.json`, content);
  writeSync(fd, Buffer.concat(pending));
  const directory = Buffer.concat(centrals);
  const zip64End = Buffer.alloc(56);
  zip64End.writeUInt32LE(0x06064b50, 0);
  zip64End.writeBigUInt64LE(44n, 4);
  zip64End.writeBigUInt64LE(BigInt(count + 1), 24);
  zip64End.writeBigUInt64LE(BigInt(count + 1), 32);
  zip64End.writeBigUInt64LE(BigInt(directory.length), 40);
  zip64End.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.fill(0xff, 8, 20);
  writeSync(fd, Buffer.concat([directory, zip64End, locator, end]));
  closeSync(fd);
  return path;
}

describe("an .eval archive of many samples", () => {
  it("puts its samples in order with one collator, not one made for every comparison (localeCompare with a locale makes one per call: 100,000 samples took 8.6 s to sort against 0.13 s to list them)", () => {
    const path = writeTinySamples("many.eval", 20_000);
    const fd = openSync(path, "r");
    const localeCompare = vi.spyOn(String.prototype, "localeCompare");
    try {
      const archive = zipFileSource(fd);
      // The first sample read, after the sort, has no id.
      expect(() => readInspectEvalArchive(archive, { name: "many.eval", sha256: "0" }, () => DEFAULT_INSPECT_SAFE_VALUE).next()).toThrow(
        "many.eval, zip entry samples/0_epoch_1.json: not an Inspect sample: no id",
      );
      expect(localeCompare).not.toHaveBeenCalled();
    } finally {
      localeCompare.mockRestore();
      closeSync(fd);
    }
  });
});
