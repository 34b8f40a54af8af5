// Text <-> token ids through the checkpoint's own tokenizer.json, read by Hugging Face's
// tokenizers library (the same format and rules as transformers' fast tokenizers).
//
// By design, as in transformers: a literal "<s>" or "</s>" in the text becomes the control token,
// and encoding "" with BOS gives [BOS]. llama-tokenizer-js (which the tiny model's vocabulary comes
// from) instead spells them out as characters and returns [] for "".

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer as HfTokenizer } from "@huggingface/tokenizers";
import type { TokenText } from "./backend";

export class Tokenizer {
  private readonly texts = new Map<number, TokenText>();

  private constructor(
    private readonly hf: HfTokenizer,
    /** GPT-2's byte-level vocabulary (Llama 3): each byte spelled as one printable character. Else SentencePiece's (Llama 2). */
    private readonly byteLevel: boolean,
  ) {}

  static load(dir: string): Tokenizer {
    const file = join(/*turbopackIgnore: true*/ dir, "tokenizer.json");
    if (!existsSync(file)) throw new Error(`${file}: missing: the engine reads the tokenizer from the checkpoint folder`);
    const configFile = join(/*turbopackIgnore: true*/ dir, "tokenizer_config.json");
    const config = existsSync(configFile) ? readJson(configFile) : {};
    const json = readJson(file);
    try {
      return new Tokenizer(new HfTokenizer(json, config), JSON.stringify(json.decoder ?? null).includes('"type":"ByteLevel"'));
    } catch (error) {
      throw new Error(`${file}: not a tokenizer (${(error as Error).message})`);
    }
  }

  encode(text: string, addBos = true): number[] {
    return this.hf.encode(text, { add_special_tokens: addBos }).ids;
  }

  decode(ids: number[]): string {
    return this.hf.decode(ids, { skip_special_tokens: true });
  }

  /**
   * One token's bytes as they stand in a text (a SentencePiece "▁" is a space; "<0xE2>" is that one byte) and
   * the text they read as alone: decoding the token alone would strip its leading space, and a token cut
   * mid-character has bytes but no text of its own (read as U+FFFD, its bytes kept whole).
   */
  tokenText(id: number): TokenText {
    let text = this.texts.get(id);
    if (text === undefined) {
      const piece = this.hf.id_to_token(id) ?? "";
      const byte = /^<0x([0-9A-Fa-f]{2})>$/.exec(piece);
      const bytes = this.byteLevel
        ? [...piece].flatMap((c) => BYTE_OF_CHARACTER.get(c) ?? [...Buffer.from(c, "utf8")])
        : byte
          ? [Number.parseInt(byte[1], 16)]
          : [...Buffer.from(piece.replaceAll("▁", " "), "utf8")];
      // ignoreBOM keeps a leading U+FEFF, which TextDecoder drops by default: a token that is one reads as one.
      text = { token: new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(bytes)), bytes };
      this.texts.set(id, text);
    }
    return text;
  }

  /**
   * Turns a growing list of ids into text pieces, holding back bytes of an unfinished character. Given the
   * ids the text follows, it is decoded after them: decoded alone, its first token's leading space would be
   * stripped (SentencePiece's decoder strips one from the start of what it decodes).
   */
  streamDecoder(after: number[] = []): StreamDecoder {
    return new StreamDecoder(this, after);
  }
}

/** GPT-2's bytes_to_unicode, reversed: printable bytes stand for themselves, the others for 256 and up, in order. */
const BYTE_OF_CHARACTER: ReadonlyMap<string, number> = (() => {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const map = new Map<string, number>();
  let next = 256;
  for (let b = 0; b < 256; b++) map.set(String.fromCodePoint(printable(b) ? b : next++), b);
  return map;
})();

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

export class StreamDecoder {
  private readonly ids: number[] = [];
  /** All complete text so far. */
  text = "";

  private readonly before: string;

  constructor(
    private readonly tokenizer: Tokenizer,
    private readonly after: number[],
  ) {
    this.before = after.length > 0 ? tokenizer.decode(after) : "";
  }

  /** Returns the text this token completes ("" while a multi-byte character is still partial). */
  push(id: number): string {
    this.ids.push(id);
    const full = this.tokenizer.decode([...this.after, ...this.ids]).slice(this.before.length);
    if (full.endsWith("\uFFFD")) return "";
    const piece = full.slice(this.text.length);
    this.text = full;
    return piece;
  }
}
