// A ZIP archive built in memory, member by member, as Inspect writes an .eval log (deflate, or zstd
// frames the test builds), with the size its central directory records settable, so a test can
// make an archive that lies.
import { crc32, deflateRawSync } from "node:zlib";

export interface ZipMember {
  name: string;
  content: Buffer | string;
  /** The uncompressed size the archive records; the content's own when not given. */
  recordedSize?: number;
  /** The member's data as zstd (method 93), built with zstdFrame; deflated content when not given. */
  zstd?: Buffer;
}

const ZSTD_BLOCK = 128 * 1024;

/**
 * One zstd frame, as an encoder that does not know the size in advance writes it (no content size,
 * a window descriptor): the content in raw blocks of `blockSize` bytes, then `spaces` bytes of JSON
 * whitespace in run-length blocks of 4 bytes each, so a few kilobytes can stand for a gigabyte.
 */
export function zstdFrame(content: Buffer | string, { spaces = 0, windowLog = 21, blockSize = ZSTD_BLOCK } = {}): Buffer {
  const bytes = Buffer.from(content);
  const blocks: Buffer[] = [];
  const header = (type: number, size: number) => {
    const value = (type << 1) | (size << 3);
    return Buffer.from([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff]);
  };
  for (let at = 0; at < bytes.length; at += blockSize) {
    const part = bytes.subarray(at, at + blockSize);
    blocks.push(Buffer.concat([header(0, part.length), part]));
  }
  for (let left = spaces; left > 0; left -= ZSTD_BLOCK) blocks.push(Buffer.concat([header(1, Math.min(left, ZSTD_BLOCK)), Buffer.from(" ")]));
  if (blocks.length === 0) blocks.push(header(0, 0));
  blocks[blocks.length - 1][0] |= 1; // Last_Block
  return Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, (windowLog - 10) << 3]), ...blocks]);
}

/**
 * One zstd frame of one compressed block holding `sequences` sequences, each a match of 131,074
 * bytes (match length code 52, all 16 extra bits set) and no literals: two bytes of sequence each,
 * asking for far more than the 128 KiB a block may make.
 */
export function zstdLongMatches(sequences: number): Buffer {
  const count = sequences < 128 ? [sequences] : [(sequences >> 8) + 128, sequences & 0xff];
  const bits = Buffer.alloc(2 * sequences + 1, 0xff);
  bits[bits.length - 1] = 1; // the end mark, alone in the last byte
  // No literals (raw, size 0); every code in RLE mode: literal length 0, offset code 0 (a repeat offset), match length 52.
  const body = Buffer.concat([Buffer.from([0]), Buffer.from(count), Buffer.from([0x54, 0, 0, 52]), bits]);
  const header = 1 | (2 << 1) | (body.length << 3);
  return Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, (21 - 10) << 3, header & 0xff, (header >> 8) & 0xff, header >> 16]), body]);
}

export function zipArchive(members: readonly ZipMember[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const content = Buffer.from(member.content);
    const method = member.zstd ? 93 : 8;
    const compressed = member.zstd ?? deflateRawSync(content);
    const name = Buffer.from(member.name, "utf8");
    const crc = crc32(content) >>> 0;
    const size = member.recordedSize ?? content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
