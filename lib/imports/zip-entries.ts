// Reads the members of a ZIP archive, as Inspect writes its .eval logs: stored, deflate (method 8)
// or zstd (method 93, Inspect's default since 0.3.206) members, each checked against its CRC-32.
// Only what an .eval log uses: no encryption, no multi-disk archives; ZIP64 end records are
// followed for archives past 4 GiB or 65,535 members. The archive is read from its file a piece at
// a time (an upload may be 4 GB): what is held is the central directory's entries and the one
// member being read.
import { constants } from "node:buffer";
import { fstatSync, readSync } from "node:fs";
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

/** The archive's bytes, read where they are asked for. */
export interface ZipSource {
  size: number;
  /** `length` bytes from `position`, all within the archive. */
  read(position: number, length: number): Buffer;
}

/**
 * An archive file opened for reading. Synchronous reads, as the decompression and parsing of each
 * member that follows them are: a member is read whole before anything is done with it.
 */
export function zipFileSource(fd: number): ZipSource {
  return {
    size: fstatSync(fd).size,
    read(position, length) {
      const bytes = Buffer.allocUnsafe(length);
      for (let done = 0; done < length; ) {
        const read = readSync(fd, bytes, done, length - done, position + done);
        if (read === 0) throw new Error(`the file ended at byte ${position + done}, before the ${length} bytes from ${position} were read`);
        done += read;
      }
      return bytes;
    },
  };
}

export function isZip(head: Uint8Array): boolean {
  if (head.length < 4 || head[0] !== 0x50 || head[1] !== 0x4b) return false;
  // A member's local header first, or the end record alone (an empty archive).
  return (head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6);
}

/**
 * Every member listed is held while the archive is read, about 200 bytes each: a 4 GB upload of
 * tiny members would list 40 million of them, more than the heap holds. Twice the million results
 * of the largest run Riskledger is measured with (a garak report of a million attempts, BENCHMARKS.md).
 */
const MAX_MEMBERS = 2_000_000;

/** The archive's members, from its central directory. */
export function listZipEntries(archive: ZipSource, fileName: string): ZipEntry[] {
  const { tail, end } = findEndOfCentralDirectory(archive, fileName);
  let count = tail.readUInt16LE(end + 10);
  let directorySize = tail.readUInt32LE(end + 12);
  let directoryOffset = tail.readUInt32LE(end + 16);
  const locator = end - 20;
  if (locator >= 0 && tail.readUInt32LE(locator) === ZIP64_END_LOCATOR) {
    const zip64End = Number(tail.readBigUInt64LE(locator + 8));
    // The record is 56 bytes before its extensible data; a locator may point anywhere, past the end too.
    const record = zip64End + 56 <= archive.size ? archive.read(zip64End, 56) : null;
    if (!record || record.readUInt32LE(0) !== ZIP64_END)
      throw new ExternalResultsError(fileName, "zip64 end record", "not where its locator says: the archive is damaged");
    count = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  if (count > MAX_MEMBERS)
    throw new ExternalResultsError(
      fileName,
      "zip central directory",
      `${count} members, more than the ${MAX_MEMBERS} an Inspect log is read with (one a sample and epoch, and a few more)`,
    );
  if (directoryOffset + directorySize > archive.size)
    throw new ExternalResultsError(fileName, "zip central directory", "runs past the end of the file: the archive is truncated");
  const directory = new DirectoryReader(archive, directoryOffset, directoryOffset + directorySize);
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    const where = `zip central directory entry ${i + 1}`;
    const fixed = directory.bytes(at, 46);
    if (!fixed || fixed.readUInt32LE(0) !== CENTRAL_HEADER) throw new ExternalResultsError(fileName, where, "bad signature: the archive is damaged");
    const nameLength = fixed.readUInt16LE(28);
    const extraLength = fixed.readUInt16LE(30);
    const commentLength = fixed.readUInt16LE(32);
    const header = directory.bytes(at, 46 + nameLength + extraLength + commentLength);
    if (!header) throw new ExternalResultsError(fileName, where, "runs past the end of the central directory: the archive is damaged");
    const entry: ZipEntry = {
      name: header.toString("utf8", 46, 46 + nameLength),
      method: header.readUInt16LE(10),
      crc: header.readUInt32LE(16),
      compressedSize: header.readUInt32LE(20),
      size: header.readUInt32LE(24),
      localHeaderOffset: header.readUInt32LE(42),
    };
    readZip64Sizes(entry, header.subarray(46 + nameLength, 46 + nameLength + extraLength));
    // A reader takes one of the two, a lister both: a sample would be counted twice, or not at all.
    if (names.has(entry.name)) throw new ExternalResultsError(fileName, where, `a second entry named ${entry.name}: the archive is damaged`);
    names.add(entry.name);
    entries.push(entry);
    at += header.length;
  }
  return entries;
}

/** The central directory, read in pieces of DIRECTORY_PIECE bytes, each entry from the piece that holds it. */
class DirectoryReader {
  private piece: Buffer = Buffer.alloc(0);
  private pieceAt = 0;

  constructor(
    private readonly archive: ZipSource,
    private readonly start: number,
    private readonly end: number,
  ) {}

  /** `length` bytes from `at`, or null where they run past the directory's end. */
  bytes(at: number, length: number): Buffer | null {
    if (at < this.start || at + length > this.end) return null;
    if (at < this.pieceAt || at + length > this.pieceAt + this.piece.length) {
      this.pieceAt = at;
      this.piece = this.archive.read(at, Math.min(this.end - at, Math.max(length, DIRECTORY_PIECE)));
    }
    return this.piece.subarray(at - this.pieceAt, at - this.pieceAt + length);
  }
}

const DIRECTORY_PIECE = 1024 ** 2;

/**
 * The member's bytes, uncompressed and checked. Every member an .eval log has is JSON text, so one
 * recorded as larger than a string can hold is refused before it is inflated, and a deflated or
 * zstd one is decompressed no further than its recorded size: an archive that lies about a size
 * cannot make the reader hold gigabytes.
 */
export function readZipEntry(archive: ZipSource, entry: ZipEntry, fileName: string): Buffer {
  const where = `zip entry ${entry.name}`;
  if (entry.size > constants.MAX_STRING_LENGTH)
    throw new ExternalResultsError(
      fileName,
      where,
      `the archive records ${entry.size} bytes for it, more than the ${constants.MAX_STRING_LENGTH} a JSON text can be read in`,
    );
  if (entry.compressedSize > entry.size + entry.size / 8 + 64 * 1024)
    throw new ExternalResultsError(
      fileName,
      where,
      `the archive records ${entry.compressedSize} compressed bytes for its ${entry.size}, more than deflate or zstd make of any content: the archive is damaged`,
    );
  const at = entry.localHeaderOffset;
  const local = at + 30 <= archive.size ? archive.read(at, 30) : null;
  if (!local || local.readUInt32LE(0) !== LOCAL_HEADER) throw new ExternalResultsError(fileName, where, "its local header is missing or damaged");
  const dataStart = at + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (dataStart + entry.compressedSize > archive.size)
    throw new ExternalResultsError(fileName, where, "its data runs past the end of the file: the archive is truncated");
  const data = archive.read(dataStart, entry.compressedSize);
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

/** The end of the file that holds the end record (and the ZIP64 locator just before it), and where in it the record is. */
function findEndOfCentralDirectory(archive: ZipSource, fileName: string): { tail: Buffer; end: number } {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const tailStart = Math.max(0, archive.size - 22 - 0xffff - 20);
  const tail = archive.read(tailStart, archive.size - tailStart);
  const earliest = Math.max(0, tail.length - 22 - 0xffff);
  for (let at = tail.length - 22; at >= earliest; at--) if (tail.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return { tail, end: at };
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
