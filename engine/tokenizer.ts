// Text <-> token ids through the checkpoint's own tokenizer.json, read by Hugging Face's
// tokenizers library (the same format and rules as transformers' fast tokenizers).
//
// By design, as in transformers: a literal "<s>" or "</s>" in the text becomes the control token,
// and encoding "" with BOS gives [BOS]. llama-tokenizer-js (which the tiny model's vocabulary comes
// from) instead spells them out as characters and returns [] for "".

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer as HfTokenizer } from "@huggingface/tokenizers";

export class Tokenizer {
  private constructor(private readonly hf: HfTokenizer) {}

  static load(dir: string): Tokenizer {
    const file = join(/*turbopackIgnore: true*/ dir, "tokenizer.json");
    if (!existsSync(file)) throw new Error(`${file}: missing: the engine reads the tokenizer from the checkpoint folder`);
    const configFile = join(/*turbopackIgnore: true*/ dir, "tokenizer_config.json");
    const config = existsSync(configFile) ? readJson(configFile) : {};
    const json = readJson(file);
    try {
      return new Tokenizer(new HfTokenizer(json, config));
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

  /** Turns a growing list of ids into text pieces, holding back bytes of an unfinished character. */
  streamDecoder(): StreamDecoder {
    return new StreamDecoder(this);
  }
}

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

  constructor(private readonly tokenizer: Tokenizer) {}

  /** Returns the text this token completes ("" while a multi-byte character is still partial). */
  push(id: number): string {
    this.ids.push(id);
    const full = this.tokenizer.decode(this.ids);
    if (full.endsWith("\uFFFD")) return "";
    const piece = full.slice(this.text.length);
    this.text = full;
    return piece;
  }
}
