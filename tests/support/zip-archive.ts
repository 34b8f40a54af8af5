// A ZIP archive built in memory, member by member, as Inspect writes an .eval log (deflate, or a
// zstd frame given whole), with the size its central directory records settable, so a test can
// make an archive that lies.
import { crc32, deflateRawSync } from "node:zlib";

export interface ZipMember {
  name: string;
  content: Buffer | string;
  /** The uncompressed size the archive records; the content's own when not given. */
  recordedSize?: number;
  /** The member's data as this zstd frame (method 93), instead of the content deflated; the content still gives the CRC. */
  zstdFrame?: Buffer;
}

/**
 * A zstd frame Node cannot make (it has no zstd before 22.15): `text` as a raw block, then
 * `spaceBlocks` RLE blocks of 128 KiB of spaces each, 4 bytes apiece, so a few KB say gigabytes.
 */
export function zstdFrame(text: string, spaceBlocks = 0): Buffer {
  const blockHeader = (size: number, type: number, last: boolean) => {
    const value = (size << 3) | (type << 1) | (last ? 1 : 0);
    return Buffer.from([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff]);
  };
  const raw = Buffer.from(text);
  // Magic number; frame header: no content size, no checksum; a 128 KiB window.
  const parts = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38]), blockHeader(raw.length, 0, spaceBlocks === 0), raw];
  for (let i = 0; i < spaceBlocks; i++) parts.push(blockHeader(128 * 1024, 1, i === spaceBlocks - 1), Buffer.from(" "));
  return Buffer.concat(parts);
}

export function zipArchive(members: readonly ZipMember[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const content = Buffer.from(member.content);
    const compressed = member.zstdFrame ?? deflateRawSync(content);
    const method = member.zstdFrame ? 93 : 8;
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
