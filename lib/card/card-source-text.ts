// A card source file's bytes as text. Decoding bytes that are not UTF-8 puts U+FFFD in their place
// without a word, so a card saved in another encoding (Windows-1252's "é" is the byte 0xe9) would be
// imported with its words changed: such a file is refused at the line of the first such byte.
import { isUtf8 } from "node:buffer";
import { firstNonUtf8Byte, hex, WHAT_IT_MEANS } from "../imports/utf8-text";
import { CardFormatError } from "./card-format-error";

export function cardSourceText(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString("utf8");
  const offset = firstNonUtf8Byte(bytes);
  const line = bytes.subarray(0, offset).filter((byte) => byte === 0x0a).length + 1;
  throw new CardFormatError("markdown", line, `not UTF-8 text (byte 0x${hex(bytes[offset])}): ${WHAT_IT_MEANS}`);
}
