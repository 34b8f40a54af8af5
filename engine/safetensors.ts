// The safetensors format: an 8-byte little-endian header length, a JSON header naming each
// tensor's dtype, shape and byte range, then the raw data. Shards of a 70B model are 1.7 GB each,
// so only headers are read up front and tensors are read by byte range when they are needed.

import { closeSync, fstatSync, openSync, readSync, writeFileSync } from "node:fs";

export type Dtype = "BF16" | "F16" | "F32";

const DTYPE_BYTES: Record<Dtype, number> = { BF16: 2, F16: 2, F32: 4 };
// The header cap the reference implementation enforces; a larger length means a corrupt file.
const MAX_HEADER_BYTES = 100_000_000;

export interface TensorInfo {
  name: string;
  dtype: Dtype;
  shape: number[];
  /** Byte range relative to the start of the data section. */
  begin: number;
  end: number;
}

export interface SafetensorsFile {
  path: string;
  fileSize: number;
  /** When the file was last written, with its size what tells weights replaced under the same header. */
  modifiedMs: number;
  /** The header exactly as stored: what the revision hash is computed from. */
  headerBytes: Uint8Array;
  dataStart: number;
  metadata: Record<string, string>;
  tensors: Map<string, TensorInfo>;
}

export class CheckpointError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "CheckpointError";
  }
}

export function readSafetensorsHeader(path: string): SafetensorsFile {
  const fd = openFile(path);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new CheckpointError(path, "is not a file");
    const { size: fileSize, mtimeMs: modifiedMs } = stat;
    if (fileSize < 8) {
      throw new CheckpointError(path, `truncated: ${fileSize} bytes, too short to hold the 8-byte header length`);
    }
    const lengthBytes = Buffer.alloc(8);
    readSync(fd, lengthBytes, 0, 8, 0);
    const headerLength = lengthBytes.readBigUInt64LE(0);
    if (headerLength > BigInt(fileSize - 8)) {
      throw new CheckpointError(path, `header length ${headerLength} runs past the end of the file (${fileSize} bytes)`);
    }
    if (headerLength > BigInt(MAX_HEADER_BYTES)) {
      throw new CheckpointError(path, `header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte limit of the format`);
    }
    const headerBytes = new Uint8Array(Number(headerLength));
    readSync(fd, headerBytes, 0, headerBytes.length, 8);
    const dataStart = 8 + headerBytes.length;
    const parsed = parseHeader(path, headerBytes);
    checkLayout(path, parsed.tensors, fileSize - dataStart);
    return { path, fileSize, modifiedMs, headerBytes, dataStart, ...parsed };
  } finally {
    closeSync(fd);
  }
}

function openFile(path: string): number {
  try {
    return openSync(path, "r");
  } catch {
    throw new CheckpointError(path, "shard file is missing");
  }
}

function parseHeader(path: string, headerBytes: Uint8Array) {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(headerBytes));
  } catch (error) {
    throw new CheckpointError(path, `header is not valid JSON (${(error as Error).message})`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new CheckpointError(path, "header must be a JSON object");
  }
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, TensorInfo>();
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (name === "__metadata__") {
      Object.assign(metadata, value);
      continue;
    }
    const entry = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof entry.dtype !== "string" || !(entry.dtype in DTYPE_BYTES)) {
      throw new CheckpointError(path, `tensor "${name}" has dtype ${JSON.stringify(entry.dtype)}, which is unknown here (supported: BF16, F16, F32)`);
    }
    const dtype = entry.dtype as Dtype;
    const shape = entry.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new CheckpointError(path, `tensor "${name}" has an invalid shape ${JSON.stringify(shape)}`);
    }
    const offsets = entry.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0) || offsets[1] < offsets[0]) {
      throw new CheckpointError(path, `tensor "${name}" has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    const expected = shape.reduce((a: number, b: number) => a * b, 1) * DTYPE_BYTES[dtype];
    if (end - begin !== expected) {
      throw new CheckpointError(
        path,
        `tensor "${name}" data_offsets [${begin}, ${end}] hold ${end - begin} bytes but shape [${shape.join(", ")}] in ${dtype} needs ${expected}`,
      );
    }
    tensors.set(name, { name, dtype, shape, begin, end });
  }
  return { metadata, tensors };
}

function checkLayout(path: string, tensors: Map<string, TensorInfo>, dataBytes: number): void {
  const sorted = [...tensors.values()].sort((a, b) => a.begin - b.begin || a.end - b.end);
  // Each tensor against the one reaching furthest before it, not only its neighbour: an empty tensor between two others hides nothing.
  let furthest: TensorInfo | undefined;
  for (const current of sorted) {
    if (current.end === current.begin) continue;
    if (furthest && current.begin < furthest.end) {
      throw new CheckpointError(
        path,
        `tensors "${furthest.name}" [${furthest.begin}, ${furthest.end}] and "${current.name}" [${current.begin}, ${current.end}] overlap`,
      );
    }
    if (!furthest || current.end > furthest.end) furthest = current;
  }
  const last = sorted.at(-1);
  if (!last || last.end <= dataBytes) return;
  // Writers lay tensors end to end from offset 0; when they still tile, the header is intact and the
  // file lost its tail (an interrupted download or copy). Otherwise the header itself is wrong.
  const tiled = sorted.every((t, i) => t.begin === (i === 0 ? 0 : sorted[i - 1].end));
  if (tiled) {
    throw new CheckpointError(path, `truncated: the header describes ${last.end} bytes of tensor data but the file holds only ${dataBytes}`);
  }
  const outside = sorted.find((t) => t.end > dataBytes)!;
  throw new CheckpointError(
    path,
    `tensor "${outside.name}" data_offsets [${outside.begin}, ${outside.end}] are out of range: the data section holds ${dataBytes} bytes`,
  );
}

/** Reads one tensor's bytes (and only those) and widens them to float32. */
export function readTensorFloat32(file: SafetensorsFile, name: string): Float32Array {
  const info = file.tensors.get(name);
  if (!info) throw new CheckpointError(file.path, `has no tensor "${name}"`);
  const bytes = readTensorBytes(file, info);
  return toFloat32(bytes, info.dtype);
}

function readTensorBytes(file: SafetensorsFile, info: TensorInfo): Uint8Array {
  const length = info.end - info.begin;
  const bytes = new Uint8Array(length);
  const fd = openFile(file.path);
  try {
    let done = 0;
    // readSync moves at most 2 GiB per call.
    while (done < length) {
      const n = readSync(fd, bytes, done, Math.min(length - done, 1 << 30), file.dataStart + info.begin + done);
      if (n === 0) throw new CheckpointError(file.path, `truncated while reading tensor "${info.name}"`);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}

export function toFloat32(bytes: Uint8Array, dtype: Dtype): Float32Array {
  if (dtype === "F32") return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const halves = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
  const out = new Float32Array(halves.length);
  if (dtype === "BF16") {
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < halves.length; i++) bits[i] = halves[i] << 16;
    return out;
  }
  for (let i = 0; i < halves.length; i++) out[i] = float16ToFloat32(halves[i]);
  return out;
}

function float16ToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Rounds float32 to bfloat16 (nearest, ties to even), as torch's .to(torch.bfloat16) does. */
export function toBfloat16(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const b = bits[i];
    out[i] = (b + 0x7fff + ((b >>> 16) & 1)) >>> 16;
  }
  return out;
}

export interface TensorToWrite {
  name: string;
  dtype: Dtype;
  shape: number[];
  data: Uint8Array;
}

export function writeSafetensors(path: string, tensors: TensorToWrite[], metadata: Record<string, string>): void {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  // The reference writer pads the header with spaces so the data starts 8-byte aligned.
  json += " ".repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const headerBytes = Buffer.from(json, "utf8");
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(headerBytes.length));
  writeFileSync(path, Buffer.concat([length, headerBytes, ...tensors.map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength))]));
}
