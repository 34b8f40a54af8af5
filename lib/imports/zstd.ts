// Zstandard decompression (RFC 8878) for the members of Inspect's .eval archives: Node 20's zlib
// has none. Written here rather than taken from fzstd, which moved its whole window once per block
// (8 MiB moved for each byte of a member made of one-byte blocks) and ran a block's sequences however
// far past the 128 KiB a block may make. The output is one buffer that is also the window, grown
// by doubling, and every sequence is checked against what its block and the caller's cap allow
// before it is copied: the work is linear in the input and the output. No dictionaries (Inspect
// writes none); the content checksum is skipped, as the ZIP's CRC-32 covers the same bytes.

/** The output would pass the caller's cap: decoding stopped there. */
export class ZstdOutputTooLarge extends Error {}

/** A frame asks for a window larger than the caller allows. */
export class ZstdWindowTooLarge extends Error {
  constructor(
    readonly frame: number,
    readonly window: number,
  ) {
    super(`zstd frame ${frame} asks for a ${window}-byte window`);
  }
}

const BLOCK_MAX = 128 * 1024;
const FRAME_MAGIC = 0xfd2fb528;
const SKIPPABLE_MAGIC = 0x184d2a50;

class Corrupt extends Error {
  constructor(what: string) {
    super(`invalid zstd data: ${what}`);
  }
}

/** Decompresses every frame in `data`, refusing output past `maxSize` and windows past `maxWindow`. */
export function zstdDecompress(data: Uint8Array, { maxSize, maxWindow }: { maxSize: number; maxWindow: number }): Buffer {
  const out = new Output(maxSize);
  let at = 0;
  for (let frame = 1; at < data.length; ) {
    if (at + 4 > data.length) throw new Corrupt("a frame cut short");
    const magic = readU32(data, at);
    if ((magic & 0xfffffff0) === SKIPPABLE_MAGIC) {
      if (at + 8 > data.length) throw new Corrupt("a skippable frame cut short");
      at += 8 + readU32(data, at + 4);
      continue;
    }
    if (magic !== FRAME_MAGIC) throw new Corrupt(`no frame at byte ${at}`);
    at = decodeFrame(data, at + 4, frame++, out, maxWindow);
  }
  if (at > data.length) throw new Corrupt("a frame cut short");
  return out.result();
}

/** The frame's header, then its blocks; returns where the next frame starts. */
function decodeFrame(data: Uint8Array, at: number, frame: number, out: Output, maxWindow: number): number {
  const descriptor = need(data, at, 1)[at++];
  if (descriptor & 8) throw new Corrupt("a frame header's reserved bit is set");
  const singleSegment = (descriptor >> 5) & 1;
  const contentSizeBytes = [singleSegment, 2, 4, 8][descriptor >> 6];
  const dictionaryBytes = [0, 1, 2, 4][descriptor & 3];
  let window = 0;
  if (!singleSegment) {
    const exponent = 2 ** (10 + (need(data, at, 1)[at] >> 3));
    window = exponent + (exponent / 8) * (data[at] & 7);
    at += 1;
  }
  need(data, at, dictionaryBytes + contentSizeBytes);
  if (dictionaryBytes > 0 && readUIntLE(data, at, dictionaryBytes) !== 0) throw new Corrupt("the frame needs a dictionary");
  at += dictionaryBytes;
  let contentSize = -1;
  if (contentSizeBytes > 0) {
    contentSize = readUIntLE(data, at, contentSizeBytes) + (contentSizeBytes === 2 ? 256 : 0);
    at += contentSizeBytes;
  }
  if (singleSegment) window = contentSize;
  if (window > maxWindow) throw new ZstdWindowTooLarge(frame, window);
  const frameStart = out.length;
  const state: FrameState = { huffman: null, tables: [null, null, null], offsets: [1, 4, 8] };
  for (let last = 0; !last; ) {
    const header = readUIntLE(need(data, at, 3), at, 3);
    last = header & 1;
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    at += 3;
    if (size > BLOCK_MAX) throw new Corrupt(`a block of ${size} bytes, more than the ${BLOCK_MAX} a block may hold`);
    if (type === 0) {
      out.write(need(data, at, size).subarray(at, at + size));
      at += size;
    } else if (type === 1) {
      out.fill(need(data, at, 1)[at], size);
      at += 1;
    } else if (type === 2) {
      decodeCompressedBlock(need(data, at, size).subarray(at, at + size), state, out);
      at += size;
    } else throw new Corrupt("a block of the reserved type");
  }
  if (contentSize >= 0 && out.length - frameStart !== contentSize)
    throw new Corrupt(`frame ${frame} makes ${out.length - frameStart} bytes where its header says ${contentSize}`);
  return at + ((descriptor >> 2) & 1 ? 4 : 0);
}

interface FrameState {
  huffman: HuffmanTable | null;
  /** The literal length, offset and match length tables of the last block, for blocks that repeat them. */
  tables: [FseTable | null, FseTable | null, FseTable | null];
  offsets: [number, number, number];
}

function decodeCompressedBlock(block: Uint8Array, state: FrameState, out: Output): void {
  const { literals, at } = decodeLiterals(block, state, out);
  let p = at;
  const first = need(block, p, 1)[p++];
  let sequences = first;
  if (first === 255) {
    sequences = readUIntLE(need(block, p, 2), p, 2) + 0x7f00;
    p += 2;
  } else if (first >= 128) {
    sequences = ((first - 128) << 8) + need(block, p, 1)[p];
    p += 1;
  }
  if (sequences === 0) {
    out.write(literals);
    return;
  }
  const modes = need(block, p, 1)[p++];
  if (modes & 3) throw new Corrupt("a sequences header's reserved bits are set");
  for (const [kind, code] of SEQUENCE_CODES.entries()) {
    const mode = (modes >> (6 - 2 * kind)) & 3;
    let table = state.tables[kind];
    if (mode === 0) table = code.predefined;
    else if (mode === 1) {
      const symbol = need(block, p, 1)[p++];
      if (symbol > code.maxSymbol) throw new Corrupt(`${code.name} code ${symbol} is past ${code.maxSymbol}`);
      table = code.repeated;
      table.symbol[0] = symbol;
    } else if (mode === 2) ({ table, at: p } = readFseTable(block, p, code.maxSymbol, code.maxLog, code.described));
    else if (!table) throw new Corrupt(`a block repeats ${code.name} codes no earlier block gave`);
    state.tables[kind] = table;
  }
  const [ll, of, ml] = state.tables as [FseTable, FseTable, FseTable];
  // The bit position in a local rather than a BackwardBits: the loop reads seven times a sequence.
  let left = streamBits(block, p, block.length);
  left -= ll.log;
  let llState = bitsAt(block, p, left, ll.log);
  left -= of.log;
  let ofState = bitsAt(block, p, left, of.log);
  left -= ml.log;
  let mlState = bitsAt(block, p, left, ml.log);
  const offsets = state.offsets;
  let literalAt = 0;
  let made = 0;
  for (let i = 0; i < sequences; i++) {
    const ofCode = of.symbol[ofState];
    // A shift, not 2 ** ofCode: a power is a float, and the loop runs a third slower on floats. Code 31 is past any 8 MiB window.
    left -= ofCode;
    const offsetValue = ofCode < 31 ? (1 << ofCode) + bitsAt(block, p, left, ofCode) : 2 ** ofCode + bitsAt(block, p, left, ofCode);
    const mlCode = ml.symbol[mlState];
    left -= ML_BITS[mlCode];
    const matchLength = ML_BASE[mlCode] + bitsAt(block, p, left, ML_BITS[mlCode]);
    const llCode = ll.symbol[llState];
    left -= LL_BITS[llCode];
    const literalLength = LL_BASE[llCode] + bitsAt(block, p, left, LL_BITS[llCode]);
    if (i < sequences - 1) {
      left -= ll.bits[llState];
      llState = ll.base[llState] + bitsAt(block, p, left, ll.bits[llState]);
      left -= ml.bits[mlState];
      mlState = ml.base[mlState] + bitsAt(block, p, left, ml.bits[mlState]);
      left -= of.bits[ofState];
      ofState = of.base[ofState] + bitsAt(block, p, left, of.bits[ofState]);
    }
    let offset: number;
    if (offsetValue > 3) {
      offset = offsetValue - 3;
      offsets[2] = offsets[1];
      offsets[1] = offsets[0];
    } else {
      // 1 to 3 name a recent offset; with no literals before the match each names the next one (RFC 8878, 3.1.1.5).
      const repeat = offsetValue - (literalLength === 0 ? 0 : 1);
      offset = repeat === 3 ? offsets[0] - 1 : offsets[repeat];
      if (repeat > 0) {
        if (repeat > 1) offsets[2] = offsets[1];
        offsets[1] = offsets[0];
      }
    }
    offsets[0] = offset;
    made += literalLength + matchLength;
    if (made > BLOCK_MAX) throw new Corrupt(`a block's sequences make more than the ${BLOCK_MAX} bytes a block may hold`);
    if (literalAt + literalLength > literals.length) throw new Corrupt("a sequence takes more literals than its block has");
    out.sequence(literals, literalAt, literalLength, offset, matchLength);
    literalAt += literalLength;
  }
  if (left !== 0) throw new Corrupt("a block's sequences do not end where its bits do");
  out.write(literals.subarray(literalAt));
}

/** The block's literals section: the literals, and where the sequences section starts. */
function decodeLiterals(block: Uint8Array, state: FrameState, out: Output): { literals: Uint8Array; at: number } {
  const b0 = need(block, 0, 1)[0];
  const type = b0 & 3;
  const sizeFormat = (b0 >> 2) & 3;
  if (type < 2) {
    const headerBytes = sizeFormat === 1 ? 2 : sizeFormat === 3 ? 3 : 1;
    need(block, 0, headerBytes);
    const size = headerBytes === 1 ? b0 >> 3 : headerBytes === 2 ? (b0 >> 4) + (block[1] << 4) : (b0 >> 4) + (block[1] << 4) + (block[2] << 12);
    if (size > BLOCK_MAX) throw new Corrupt(`${size} literals, more than a block may hold`);
    out.reserve(size);
    if (type === 0) return { literals: need(block, headerBytes, size).subarray(headerBytes, headerBytes + size), at: headerBytes + size };
    return { literals: new Uint8Array(size).fill(need(block, headerBytes, 1)[headerBytes]), at: headerBytes + 1 };
  }
  const headerBytes = sizeFormat < 2 ? 3 : sizeFormat + 2;
  need(block, 0, headerBytes);
  let size: number;
  let compressed: number;
  if (headerBytes === 3) {
    const value = readUIntLE(block, 0, 3);
    size = (value >> 4) & 0x3ff;
    compressed = value >> 14;
  } else if (headerBytes === 4) {
    const value = readU32(block, 0);
    size = (value >>> 4) & 0x3fff;
    compressed = value >>> 18;
  } else {
    size = (b0 >> 4) + (block[1] << 4) + ((block[2] & 0x3f) << 12);
    compressed = (block[2] >> 6) + (block[3] << 2) + (block[4] << 10);
  }
  if (size > BLOCK_MAX) throw new Corrupt(`${size} literals, more than a block may hold`);
  out.reserve(size);
  const end = headerBytes + compressed;
  need(block, headerBytes, compressed);
  let at = headerBytes;
  if (type === 2) ({ table: state.huffman, at } = readHuffmanTable(block, at, end));
  if (!state.huffman) throw new Corrupt("a block repeats a Huffman table no earlier block gave");
  const literals = new Uint8Array(size);
  if (sizeFormat === 0) decodeHuffmanStream(block, at, end, state.huffman, literals);
  else {
    // Four streams after a jump table of the first three sizes; each stream makes a quarter, rounded up, the last the rest.
    need(block, at, 6);
    const sizes = [readUIntLE(block, at, 2), readUIntLE(block, at + 2, 2), readUIntLE(block, at + 4, 2)];
    const quarter = Math.ceil(size / 4);
    let from = at + 6;
    for (let stream = 0; stream < 4; stream++) {
      const to = stream < 3 ? from + sizes[stream] : end;
      if (to > end) throw new Corrupt("a literals stream runs past its section");
      decodeHuffmanStream(
        block,
        from,
        to,
        state.huffman,
        literals.subarray(Math.min(size, stream * quarter), stream < 3 ? Math.min(size, (stream + 1) * quarter) : size),
      );
      from = to;
    }
  }
  return { literals, at: end };
}

interface HuffmanTable {
  maxBits: number;
  /** Indexed by the next maxBits bits: the symbol, and in the high byte how many of those bits its code takes. */
  codes: Uint16Array;
}

const HUFFMAN_MAX_BITS = 11;
// The tables a block describes are built in these, one of each kind, rather than allocated for each
// block: a few bytes of a block can describe one of 2,048 entries. Decoding is synchronous, and a
// frame starts with none of them (FrameState), so no frame reads another's.
const HUFFMAN_CODES = new Uint16Array(1 << HUFFMAN_MAX_BITS);
const HUFFMAN_WEIGHTS_TABLE = emptyFseTable(6);

function readHuffmanTable(block: Uint8Array, at: number, end: number): { table: HuffmanTable; at: number } {
  const header = need(block, at, 1)[at++];
  const weights: number[] = [];
  if (header >= 128) {
    // Weights written directly, four bits each.
    const count = header - 127;
    need(block, at, Math.ceil(count / 2));
    for (let i = 0; i < count; i++) weights.push(i % 2 === 0 ? block[at + (i >> 1)] >> 4 : block[at + (i >> 1)] & 15);
    at += Math.ceil(count / 2);
  } else {
    // FSE-compressed weights: two states taking turns until the bits run out.
    if (at + header > end) throw new Corrupt("a Huffman table runs past its literals");
    const { table, at: bitsStart } = readFseTable(block, at, 255, 6, HUFFMAN_WEIGHTS_TABLE);
    const bits = new BackwardBits(block, bitsStart, at + header);
    const states = [bits.read(table.log), bits.read(table.log)];
    for (let turn = 0; ; turn ^= 1) {
      weights.push(table.symbol[states[turn]]);
      states[turn] = table.base[states[turn]] + bits.read(table.bits[states[turn]]);
      if (bits.left < 0) {
        weights.push(table.symbol[states[turn ^ 1]]);
        break;
      }
      if (weights.length > 255) break;
    }
    at += header;
  }
  if (weights.length > 255) throw new Corrupt("a Huffman table of more than 256 symbols");
  // The last symbol's weight is implied: the one that brings the total to a power of two.
  const total = weights.reduce((sum, weight) => sum + (weight > 0 ? 1 << (weight - 1) : 0), 0);
  if (total === 0 || weights.some((weight) => weight > HUFFMAN_MAX_BITS)) throw new Corrupt("a Huffman table's weights are out of range");
  const maxBits = 32 - Math.clz32(total);
  const rest = (1 << maxBits) - total;
  if (maxBits > HUFFMAN_MAX_BITS || rest & (rest - 1)) throw new Corrupt("a Huffman table's weights do not add up");
  weights.push(32 - Math.clz32(rest));
  // Codes by weight, lightest (longest) first, and by symbol within a weight; each entry the symbol and its code's length.
  const start: number[] = [];
  let next = 0;
  for (let weight = 1; weight <= maxBits; weight++) {
    start[weight] = next;
    for (const w of weights) if (w === weight) next += 1 << (weight - 1);
  }
  weights.forEach((weight, s) => {
    if (weight === 0) return;
    const length = 1 << (weight - 1);
    HUFFMAN_CODES.fill(s | ((maxBits + 1 - weight) << 8), start[weight], start[weight] + length);
    start[weight] += length;
  });
  return { table: { maxBits, codes: HUFFMAN_CODES }, at };
}

function decodeHuffmanStream(block: Uint8Array, from: number, to: number, table: HuffmanTable, into: Uint8Array): void {
  const bits = new BackwardBits(block, from, to);
  for (let i = 0; i < into.length; i++) {
    const code = table.codes[bits.peek(table.maxBits)];
    into[i] = code & 0xff;
    bits.skip(code >> 8);
  }
  if (bits.left !== 0) throw new Corrupt("a literals stream does not end where its bits do");
}

interface FseTable {
  log: number;
  symbol: Uint8Array;
  bits: Uint8Array;
  base: Uint16Array;
}

function emptyFseTable(maxLog: number): FseTable {
  return { log: 0, symbol: new Uint8Array(1 << maxLog), bits: new Uint8Array(1 << maxLog), base: new Uint16Array(1 << maxLog) };
}

/** Fills `into` with the decoding table for normalised counts (-1: a probability below one), as RFC 8878 4.1.1 spreads them. */
function fseTable(counts: ArrayLike<number>, symbols: number, log: number, into: FseTable = emptyFseTable(log)): FseTable {
  const { symbol, bits, base } = into;
  const size = 1 << log;
  const next = NEXT_STATE;
  let high = size - 1;
  for (let s = 0; s < symbols; s++) {
    if (counts[s] === -1) symbol[high--] = s;
    next[s] = counts[s] === -1 ? 1 : counts[s];
  }
  const step = (size >> 1) + (size >> 3) + 3;
  let position = 0;
  for (let s = 0; s < symbols; s++) {
    for (let i = 0; i < counts[s]; i++) {
      symbol[position] = s;
      do position = (position + step) & (size - 1);
      while (position > high);
    }
  }
  if (position !== 0) throw new Corrupt("an FSE table's counts do not fill it");
  for (let state = 0; state < size; state++) {
    const n = next[symbol[state]]++;
    bits[state] = log - (31 - Math.clz32(n));
    base[state] = (n << bits[state]) - size;
  }
  into.log = log;
  return into;
}

const NEXT_STATE = new Uint16Array(256);
const COUNTS = new Int16Array(256);

/** An FSE table description (RFC 8878 4.1.1): normalised counts read from a forward bitstream, built into `into`. */
function readFseTable(data: Uint8Array, at: number, maxSymbol: number, maxLog: number, into: FseTable): { table: FseTable; at: number } {
  let position = at * 8;
  const peek = (n: number) => {
    const i = position >> 3;
    const value = byteAt(data, i) | (byteAt(data, i + 1) << 8) | (byteAt(data, i + 2) << 16);
    return (value >>> (position & 7)) & ((1 << n) - 1);
  };
  const log = peek(4) + 5;
  position += 4;
  if (log > maxLog) throw new Corrupt(`an FSE table of accuracy ${log}, past ${maxLog}`);
  const counts = COUNTS;
  let symbols = 0;
  let remaining = (1 << log) + 1;
  let threshold = 1 << log;
  let width = log + 1;
  while (remaining > 1) {
    if (symbols > maxSymbol) throw new Corrupt("an FSE table with too many symbols");
    const max = 2 * threshold - 1 - remaining;
    let value = peek(width - 1);
    if (value < max) position += width - 1;
    else {
      value = peek(width);
      if (value >= threshold) value -= max;
      position += width;
    }
    const count = value - 1;
    remaining -= Math.abs(count);
    counts[symbols++] = count;
    for (let repeat = count === 0 ? 3 : 0; repeat === 3; ) {
      repeat = peek(2);
      position += 2;
      if (symbols + repeat > maxSymbol + 1) throw new Corrupt("an FSE table with too many symbols");
      for (let i = 0; i < repeat; i++) counts[symbols++] = 0;
    }
    while (remaining < threshold) {
      width--;
      threshold >>= 1;
    }
  }
  const end = Math.ceil(position / 8);
  if (remaining !== 1 || symbols > maxSymbol + 1 || end > data.length) throw new Corrupt("an FSE table description is damaged");
  return { table: fseTable(counts, symbols, log, into), at: end };
}

/** Bits read from the end of a stream towards its start, after the highest set bit of its last byte; past the start they read as zeros. */
class BackwardBits {
  /** Bits not yet read, from the stream's start; negative once reading has run past it. */
  left: number;

  constructor(
    private readonly data: Uint8Array,
    private readonly start: number,
    end: number,
  ) {
    this.left = streamBits(data, start, end);
  }

  read(n: number): number {
    this.left -= n;
    return this.at(this.left, n);
  }

  peek(n: number): number {
    return this.at(this.left - n, n);
  }

  skip(n: number): void {
    this.left -= n;
  }

  /** n bits from bit `position` (n up to 31). */
  private at(position: number, n: number): number {
    return bitsAt(this.data, this.start, position, n);
  }
}

/** How many bits data[start, end) holds before the highest set bit of its last byte, which ends it. */
function streamBits(data: Uint8Array, start: number, end: number): number {
  const last = end > start ? data[end - 1] : 0;
  if (!last) throw new Corrupt("a bitstream without its end mark");
  return (end - 1 - start) * 8 + (31 - Math.clz32(last));
}

/**
 * n bits (up to 31) from bit `position` of the stream that starts at data[start]; zeros before it.
 * Small enough for V8 to inline in the decoding loops: four bytes hold 24 bits and the 7 of the shift.
 */
function bitsAt(data: Uint8Array, start: number, position: number, n: number): number {
  const i = start + (position >> 3);
  if (n <= 24 && position >= 0 && i + 3 < data.length)
    return ((data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) >>> (position & 7)) & ((1 << n) - 1);
  return bitsAtEdge(data, start, position, n);
}

/** bitsAt() for more than 24 bits, and within four bytes of either end of the data. */
function bitsAtEdge(data: Uint8Array, start: number, position: number, n: number): number {
  if (n === 0) return 0;
  if (n > 24) return bitsAt(data, start, position, 16) + bitsAt(data, start, position + 16, n - 16) * 0x10000;
  const first = Math.floor(position / 8);
  let value = 0;
  for (let k = 0; k < 4; k++) if (first + k >= 0) value |= byteAt(data, start + first + k) << (8 * k);
  return (value >>> (position - first * 8)) & ((1 << n) - 1);
}

/** The decompressed bytes so far, which are also the window matches copy from. */
class Output {
  private bytes: Uint8Array;
  length = 0;

  constructor(private readonly max: number) {
    this.bytes = new Uint8Array(Math.min(max, 64 * 1024));
  }

  /** Room for n more bytes, or the refusal when they would pass the cap. */
  reserve(n: number): void {
    const needed = this.length + n;
    if (needed > this.max) throw new ZstdOutputTooLarge(`decompresses to more than ${this.max} bytes`);
    if (needed <= this.bytes.length) return;
    const grown = new Uint8Array(Math.min(this.max, Math.max(needed, 2 * this.bytes.length)));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  write(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  fill(byte: number, n: number): void {
    this.reserve(n);
    this.bytes.fill(byte, this.length, this.length + n);
    this.length += n;
  }

  /**
   * One sequence: literals[from, from + literalLength), then matchLength bytes from offset back, by
   * hand and with one reservation for both, as a sequence is a few bytes of each.
   */
  sequence(literals: Uint8Array, from: number, literalLength: number, offset: number, matchLength: number): void {
    this.reserve(literalLength + matchLength);
    const bytes = this.bytes;
    let to = this.length;
    for (let i = 0; i < literalLength; i++) bytes[to++] = literals[from + i];
    if (offset === 0 || offset > to) throw new Corrupt(`a match ${offset} bytes back, before the start of the output`);
    const end = to + matchLength;
    let source = to - offset;
    // Byte by byte, an offset shorter than the match repeats what it has just copied, as it must.
    if (matchLength <= 32 || offset < matchLength) while (to < end) bytes[to++] = bytes[source++];
    else bytes.copyWithin(to, source, source + matchLength);
    this.length = end;
  }

  result(): Buffer {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.length);
  }
}

/** Reads past the end give zeros without reading out of the array's bounds, which V8 makes slow. */
function byteAt(data: Uint8Array, at: number): number {
  return at < data.length ? data[at] : 0;
}

function need(data: Uint8Array, at: number, n: number): Uint8Array {
  if (at + n > data.length) throw new Corrupt("the data ends inside a frame");
  return data;
}

function readU32(data: Uint8Array, at: number): number {
  return (data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24)) >>> 0;
}

function readUIntLE(data: Uint8Array, at: number, n: number): number {
  let value = 0;
  for (let i = n - 1; i >= 0; i--) value = value * 256 + data[at + i];
  return value;
}

// Literal length and match length codes: a baseline, and how many bits are added to it (RFC 8878 3.1.1.3.2.1.1).
const LL_BASE = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536,
];
const LL_BITS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
const ML_BASE = [
  ...Array.from({ length: 32 }, (_, code) => code + 3),
  35,
  37,
  39,
  41,
  43,
  47,
  51,
  59,
  67,
  83,
  99,
  131,
  259,
  515,
  1027,
  2051,
  4099,
  8195,
  16387,
  32771,
  65539,
];
const ML_BITS = [...Array.from({ length: 32 }, () => 0), 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

// The three kinds of sequence code, in the order a sequences header gives their modes: the
// distribution a block uses when it names none (RFC 8878 3.1.1.3.2.2), and the tables for a code
// repeated throughout a block and for one the block describes.
const predefined = (counts: number[], log: number) => fseTable(counts, counts.length, log);
const SEQUENCE_CODES = [
  {
    name: "literal length",
    maxSymbol: 35,
    maxLog: 9,
    predefined: predefined([4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1], 6),
    repeated: emptyFseTable(0),
    described: emptyFseTable(9),
  },
  {
    name: "offset",
    maxSymbol: 31,
    maxLog: 8,
    predefined: predefined([1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1], 5),
    repeated: emptyFseTable(0),
    described: emptyFseTable(8),
  },
  {
    name: "match length",
    maxSymbol: 52,
    maxLog: 9,
    predefined: predefined(
      [
        1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1,
        -1, -1, -1, -1,
      ],
      6,
    ),
    repeated: emptyFseTable(0),
    described: emptyFseTable(9),
  },
];
