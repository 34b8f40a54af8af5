// garak, promptfoo and Inspect write their files as UTF-8. Decoding other bytes as UTF-8 puts
// U+FFFD in their place without a word, so a prompt or output stored as evidence would differ from
// the file whose sha256 it cites: a file with such bytes (re-saved in another encoding, or damaged)
// is refused instead, naming where the first one is.
import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import { ExternalResultsError } from "./external-results-error";

export const WHAT_IT_MEANS = "re-saved in another encoding, or damaged";

/** Refuses a text file with a byte that is not UTF-8, naming its line; read a chunk at a time. */
export async function checkUtf8File(path: string, fileName: string): Promise<void> {
  let carried: Buffer = Buffer.alloc(0);
  let start = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = Buffer.concat([carried, chunk as Buffer]);
    // A character cut by the chunk's end is checked with the next chunk.
    const whole = bytes.length - unfinishedTail(bytes);
    if (!isUtf8(bytes.subarray(0, whole))) await refuse(path, fileName, start + firstNonUtf8Byte(bytes.subarray(0, whole)));
    carried = bytes.subarray(whole);
    start += whole;
  }
  if (carried.length > 0) await refuse(path, fileName, start);
}

/** Where the first byte of a file's bytes that is not UTF-8 stands (line and column, from 1), and what to say of it. */
export interface NotUtf8 {
  line: number;
  column: number;
  problem: string;
}

/**
 * A hand-edited text file's bytes (a card, a suite, a mapping, a rule set, a crosswalk) as text, or
 * where the first byte that is not UTF-8 is: each reader refuses the file there in its own words.
 */
export function utf8FileText(bytes: Buffer): { text: string } | { notUtf8: NotUtf8 } {
  if (isUtf8(bytes)) return { text: bytes.toString("utf8") };
  const offset = firstNonUtf8Byte(bytes);
  const before = bytes.subarray(0, offset).toString("utf8").split("\n");
  return { notUtf8: { line: before.length, column: before.at(-1)!.length + 1, problem: `not UTF-8 text (byte 0x${hex(bytes[offset])}): ${WHAT_IT_MEANS}` } };
}

/** Refuses the bytes of an archive entry that are not UTF-8; their text when they are. */
export function utf8Text(bytes: Buffer, fileName: string, where: string): string {
  if (!isUtf8(bytes)) {
    const offset = firstNonUtf8Byte(bytes);
    throw new ExternalResultsError(fileName, where, `not UTF-8 text (byte 0x${hex(bytes[offset])} at byte ${offset}): ${WHAT_IT_MEANS}`);
  }
  return bytes.toString("utf8");
}

async function refuse(path: string, fileName: string, offset: number): Promise<never> {
  let line = 1;
  let at = 0;
  let byte = 0;
  for await (const chunk of createReadStream(path, { end: offset })) {
    const bytes = chunk as Buffer;
    for (let i = 0; i < bytes.length && at + i < offset; i++) if (bytes[i] === 0x0a) line++;
    if (at + bytes.length > offset) byte = bytes[offset - at];
    at += bytes.length;
  }
  throw new ExternalResultsError(fileName, `line ${line}`, `not UTF-8 text (byte 0x${hex(byte)} at byte ${offset}): ${WHAT_IT_MEANS}`);
}

/** How many bytes at the end begin a character that the bytes do not finish. */
function unfinishedTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) === 0x80) continue;
    return sequenceLength(byte) > back ? back : 0;
  }
  return 0;
}

/** Where the first byte that does not begin or continue a valid UTF-8 character is. */
export function firstNonUtf8Byte(bytes: Buffer): number {
  for (let at = 0; at < bytes.length; ) {
    const length = sequenceLength(bytes[at]);
    if (length === 0 || at + length > bytes.length) return at;
    if (!isUtf8(bytes.subarray(at, at + length))) return at;
    at += length;
  }
  return bytes.length;
}

/** The length of the UTF-8 character a lead byte begins; 0 for a byte that begins none. */
function sequenceLength(byte: number): number {
  if (byte < 0x80) return 1;
  if (byte >= 0xc2 && byte <= 0xdf) return 2;
  if (byte >= 0xe0 && byte <= 0xef) return 3;
  if (byte >= 0xf0 && byte <= 0xf4) return 4;
  return 0;
}

export function hex(byte: number): string {
  return byte.toString(16).padStart(2, "0");
}
