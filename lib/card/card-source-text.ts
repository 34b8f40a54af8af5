// A card source file's bytes as text. Decoding bytes that are not UTF-8 puts U+FFFD in their place
// without a word, so a card saved in another encoding (Windows-1252's "é" is the byte 0xe9) would be
// imported with its words changed: such a file is refused at the line of the first such byte.
import { utf8FileText } from "../imports/utf8-text";
import { CardFormatError } from "./card-format-error";

export function cardSourceText(bytes: Buffer): string {
  const read = utf8FileText(bytes);
  if ("notUtf8" in read) throw new CardFormatError("markdown", read.notUtf8.line, read.notUtf8.problem);
  // A byte order mark (Windows editors write one) is not part of the card: kept, it hides the front matter's opening "---".
  return read.text.replace(/^\uFEFF/, "");
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
