// An uploaded suite file's bytes as text. Decoding bytes that are not UTF-8 puts U+FFFD in their
// place without a word, so a suite saved in another encoding (Windows-1252's "é" is the byte 0xe9)
// would be stored with its prompts changed: such a file is refused at the line of the first such
// byte, as a card file is (lib/card/card-source-text.ts).
import { isUtf8 } from "node:buffer";
import { firstNonUtf8Byte, hex, WHAT_IT_MEANS } from "../imports/utf8-text";

/** The file's text (less a byte order mark, as a browser reads it), or the refusal to show in its place. */
export async function uploadedSuiteText(upload: Blob, fileName: string): Promise<{ ok: true; text: string } | { ok: false; kind: "invalid"; message: string }> {
  const bytes = Buffer.from(await upload.arrayBuffer());
  if (isUtf8(bytes)) return { ok: true, text: bytes.toString("utf8").replace(/^\uFEFF/, "") };
  const offset = firstNonUtf8Byte(bytes);
  const line = bytes.subarray(0, offset).filter((byte) => byte === 0x0a).length + 1;
  return { ok: false, kind: "invalid", message: `${fileName}: line ${line}: not UTF-8 text (byte 0x${hex(bytes[offset])}): ${WHAT_IT_MEANS}` };
}
