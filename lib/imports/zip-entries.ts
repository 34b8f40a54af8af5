// Reads the members of a ZIP archive held in memory, as Inspect writes its .eval logs: stored,
// deflate (method 8) or zstd (method 93, Inspect's default since 0.3.206) members, each checked
// against its CRC-32. Only what an .eval log uses: no encryption, no multi-disk archives; ZIP64
// end records are followed for archives past 4 GiB or 65,535 members.
import { constants } from "node:buffer";
import { crc32, inflateRawSync } from "node:zlib";
import { ExternalResultsError } from "./external-results-error";
import { ZstdOutputTooLarge, ZstdWindowTooLarge, zstdDecompress } from "./zstd";

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

export function isZip(head: Uint8Array): boolean {
  if (head.length < 4 || head[0] !== 0x50 || head[1] !== 0x4b) return false;
  // A member's local header first, or the end record alone (an empty archive).
  return (head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6);
}

/** The archive's members, from its central directory. */
export function listZipEntries(archive: Buffer, fileName: string): ZipEntry[] {
  const end = findEndOfCentralDirectory(archive, fileName);
  let count = archive.readUInt16LE(end + 10);
  let directorySize = archive.readUInt32LE(end + 12);
  let directoryOffset = archive.readUInt32LE(end + 16);
  const locator = end - 20;
  if (locator >= 0 && archive.readUInt32LE(locator) === ZIP64_END_LOCATOR) {
    const zip64End = Number(archive.readBigUInt64LE(locator + 8));
    // The record is 56 bytes before its extensible data; a locator may point anywhere, past the end too.
    if (zip64End + 56 > archive.length || archive.readUInt32LE(zip64End) !== ZIP64_END)
      throw new ExternalResultsError(fileName, "zip64 end record", "not where its locator says: the archive is damaged");
    count = Number(archive.readBigUInt64LE(zip64End + 32));
    directorySize = Number(archive.readBigUInt64LE(zip64End + 40));
    directoryOffset = Number(archive.readBigUInt64LE(zip64End + 48));
  }
  if (directoryOffset + directorySize > archive.length)
    throw new ExternalResultsError(fileName, "zip central directory", "runs past the end of the file: the archive is truncated");
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(at) !== CENTRAL_HEADER)
      throw new ExternalResultsError(fileName, `zip central directory entry ${i + 1}`, "bad signature: the archive is damaged");
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      name: archive.toString("utf8", at + 46, at + 46 + nameLength),
      method: archive.readUInt16LE(at + 10),
      crc: archive.readUInt32LE(at + 16),
      compressedSize: archive.readUInt32LE(at + 20),
      size: archive.readUInt32LE(at + 24),
      localHeaderOffset: archive.readUInt32LE(at + 42),
    };
    readZip64Sizes(entry, archive.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    // A reader takes one of the two, a lister both: a sample would be counted twice, or not at all.
    if (names.has(entry.name))
      throw new ExternalResultsError(fileName, `zip central directory entry ${i + 1}`, `a second entry named ${entry.name}: the archive is damaged`);
    names.add(entry.name);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The member's bytes, uncompressed and checked. Every member an .eval log has is JSON text, so one
 * recorded as larger than a string can hold is refused before it is inflated, and a deflated or
 * zstd one is decompressed no further than its recorded size: an archive that lies about a size
 * cannot make the reader hold gigabytes.
 */
export function readZipEntry(archive: Buffer, entry: ZipEntry, fileName: string): Buffer {
  const where = `zip entry ${entry.name}`;
  if (entry.size > constants.MAX_STRING_LENGTH)
    throw new ExternalResultsError(
      fileName,
      where,
      `the archive records ${entry.size} bytes for it, more than the ${constants.MAX_STRING_LENGTH} a JSON text can be read in`,
    );
  const at = entry.localHeaderOffset;
  if (at + 30 > archive.length || archive.readUInt32LE(at) !== LOCAL_HEADER)
    throw new ExternalResultsError(fileName, where, "its local header is missing or damaged");
  const dataStart = at + 30 + archive.readUInt16LE(at + 26) + archive.readUInt16LE(at + 28);
  if (dataStart + entry.compressedSize > archive.length)
    throw new ExternalResultsError(fileName, where, "its data runs past the end of the file: the archive is truncated");
  const data = archive.subarray(dataStart, dataStart + entry.compressedSize);
  let bytes: Buffer;
  try {
    if (entry.method === 0) bytes = data;
    else if (entry.method === 8) bytes = inflateRawSync(data, { maxOutputLength: Math.max(entry.size, 1) });
    else if (entry.method === 93) bytes = unzstd(data, entry.size, fileName, where);
    else throw new ExternalResultsError(fileName, where, `compression method ${entry.method} is not one Inspect writes (stored, deflate or zstd)`);
  } catch (error) {
    if (error instanceof ExternalResultsError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
      throw new ExternalResultsError(fileName, where, `inflates to more than the ${entry.size} bytes the archive records for it: the archive is damaged`);
    throw new ExternalResultsError(fileName, where, `cannot be decompressed: ${(error as Error).message}`);
  }
  if (bytes.length !== entry.size || crc32(bytes) >>> 0 !== entry.crc)
    throw new ExternalResultsError(fileName, where, "its content does not match its recorded size and CRC: the archive is damaged");
  return bytes;
}

/**
 * RFC 8878 (3.1.1.1.2) advises encoders to keep a frame's window within 8 MiB, and zstd's own levels
 * 1 to 19 do (Inspect's members ask for 2 MiB): a frame asking for more is refused.
 */
const MAX_ZSTD_WINDOW = 8 * 1024 ** 2;

function unzstd(data: Buffer, maxSize: number, fileName: string, where: string): Buffer {
  try {
    return zstdDecompress(data, { maxSize, maxWindow: MAX_ZSTD_WINDOW });
  } catch (error) {
    if (error instanceof ZstdOutputTooLarge)
      throw new ExternalResultsError(fileName, where, `decompresses to more than the ${maxSize} bytes the archive records for it: the archive is damaged`);
    if (error instanceof ZstdWindowTooLarge)
      throw new ExternalResultsError(
        fileName,
        where,
        `zstd frame ${error.frame} asks for a ${error.window}-byte window, more than the ${MAX_ZSTD_WINDOW} a decoder need hold (RFC 8878)`,
      );
    throw error;
  }
}

function findEndOfCentralDirectory(archive: Buffer, fileName: string): number {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const earliest = Math.max(0, archive.length - 22 - 0xffff);
  for (let at = archive.length - 22; at >= earliest; at--) if (archive.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  throw new ExternalResultsError(fileName, null, "a ZIP archive without its central directory: the file is truncated or not a ZIP archive");
}

/** ZIP64 extra field (id 1): the 64-bit values of those fields that are 0xFFFFFFFF, in order. */
function readZip64Sizes(entry: ZipEntry, extra: Buffer) {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (id === 1) {
      let field = at + 4;
      const next = () => {
        const value = Number(extra.readBigUInt64LE(field));
        field += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    at += 4 + size;
  }
}
