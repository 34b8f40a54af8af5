// A card source file's bytes as text. Decoding bytes that are not UTF-8 puts U+FFFD in their place
// without a word, so a card saved in another encoding (Windows-1252's "é" is the byte 0xe9) would be
// imported with its words changed: such a file is refused at the line of the first such byte.
import { isUtf8 } from "node:buffer";
import { firstNonUtf8Byte, hex, WHAT_IT_MEANS } from "../imports/utf8-text";
import { CardFormatError } from "./card-format-error";

export function cardSourceText(bytes: Buffer): string {
  // A byte order mark (Windows editors write one) is not part of the card: kept, it hides the front matter's opening "---".
  if (isUtf8(bytes)) return bytes.toString("utf8").replace(/^\uFEFF/, "");
  const offset = firstNonUtf8Byte(bytes);
  const line = bytes.subarray(0, offset).filter((byte) => byte === 0x0a).length + 1;
  throw new CardFormatError("markdown", line, `not UTF-8 text (byte 0x${hex(bytes[offset])}): ${WHAT_IT_MEANS}`);
}

/** An uploaded card file's text, or the refusal to show in its place. */
export async function uploadedCardText(upload: Blob): Promise<{ ok: true; markdown: string } | { ok: false; kind: "invalid"; message: string }> {
  try {
    return { ok: true, markdown: cardSourceText(Buffer.from(await upload.arrayBuffer())) };
  } catch (error) {
    if (error instanceof CardFormatError) return { ok: false, kind: "invalid", message: error.message };
    throw error;
  }
}
