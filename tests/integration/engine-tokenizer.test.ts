// The tokenizer.json the tiny model carries, read through @huggingface/tokenizers, against
// llama-tokenizer-js (which holds Meta's Llama-2 vocabulary and merges).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import llamaTokenizerJs from "llama-tokenizer-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage } from "../../engine/backend";
import { formatStableBeluga } from "../../engine/chat-template";
import { Tokenizer } from "../../engine/tokenizer";
import { freshTinyModel } from "../fixtures/engine/tiny-model";

const CURATED = [
  "Hello world",
  ":",
  "  two leading spaces",
  "trailing spaces   ",
  "tabs\tbetween\t\twords",
  "new\nlines\n\nand\r\nCRLF",
  "Crème brûlée, naïve façade, Ångström, São Paulo",
  "Emoji: 🙂👍🏽🇫🇷👨‍👩‍👧",
  "東京は日本の首都です。北京是中国的首都。",
  "한국어 텍스트와 日本語",
  "Digits 0123456789, 3.14159, 1,000,000 and 2026-11-26",
  "Привет, мир! Ελληνικά. العربية. עברית",
  "### System:\nYou are Stable Beluga.\n\n### User:\nHi\n\n### Assistant:\n",
  'code: `const x = a[i] * 2; // why?` {"json": [1, 2]}',
  "a  b   c    d",
  "\u00a0non-breaking\u2009thin space",
  "   ",
  "\n",
];

/** Random strings across scripts, from a fixed seed so the corpus is the same on every run. */
function randomCorpus(count: number): string[] {
  const pieces = [
    "a",
    "Z",
    "é",
    "ß",
    "ñ",
    "東",
    "京",
    "語",
    "한",
    "🙂",
    "🚀",
    " ",
    "  ",
    "\t",
    "\n",
    "0",
    "7",
    "42",
    ".",
    ",",
    "!",
    "?",
    "-",
    "'",
    "the",
    "ing",
    "Привет",
    "ع",
    "ä",
    "😀",
    "\u200d",
    "<",
    ">",
    "/",
  ];
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(next() * 20) }, () => pieces[Math.floor(next() * pieces.length)]).join(""));
}

describe("the Llama-2 tokenizer", () => {
  let dir: string;
  let tokenizer: Tokenizer;

  beforeAll(() => {
    dir = freshTinyModel();
    tokenizer = Tokenizer.load(dir);
  });
  afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));

  it("encodes Hello world to Llama-2's ids, not Mistral's", () => {
    expect(tokenizer.encode("Hello world")).toEqual([1, 15043, 3186]);
  });

  it("gives the same ids as llama-tokenizer-js on spaces, tabs, newlines, accents, emoji, CJK, digits and 300 random mixed strings", () => {
    const corpus = [...CURATED, ...randomCorpus(300)];
    const mismatches = corpus.filter((text) => JSON.stringify(tokenizer.encode(text)) !== JSON.stringify(llamaTokenizerJs.encode(text)));
    expect(mismatches).toEqual([]);
  });

  it("decodes what it encodes back to the same text", () => {
    for (const text of [...CURATED, ...randomCorpus(100)]) expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it("differs from llama-tokenizer-js by design on a literal <s> and on empty text", () => {
    // As in transformers: the control token, not the characters "<", "s", ">".
    expect(tokenizer.encode("a <s> b")).toContain(1);
    expect(llamaTokenizerJs.encode("a <s> b").slice(1)).not.toContain(1);
    expect(tokenizer.encode("")).toEqual([1]);
    expect(llamaTokenizerJs.encode("")).toEqual([]);
  });

  it("streams text piece by piece without splitting a multi-byte character", () => {
    const ids = tokenizer.encode("Emoji 🙂 and 東京", false);
    const stream = tokenizer.streamDecoder();
    const pieces = ids.map((id) => stream.push(id));
    expect(pieces.join("")).toBe("Emoji 🙂 and 東京");
    expect(pieces.some((p) => p.includes("\uFFFD"))).toBe(false);
  });

  it("spells each token alone as it reads inside a text, leading space kept, and a byte token as that byte", () => {
    const [yes, newline] = [tokenizer.encode(" Yes", false).at(-1)!, tokenizer.encode("\n", false).at(-1)!];
    expect(tokenizer.tokenText(yes)).toEqual({ token: " Yes", bytes: [32, 89, 101, 115] });
    expect(tokenizer.tokenText(newline)).toEqual({ token: "\n", bytes: [10] });
    // 🙂 is four byte tokens: together their bytes are the character, alone each reads as U+FFFD.
    const smile = tokenizer.encode("🙂", false).filter((id) => tokenizer.tokenText(id).bytes.length === 1 && tokenizer.tokenText(id).bytes[0] >= 0x80);
    expect(Buffer.from(smile.flatMap((id) => tokenizer.tokenText(id).bytes)).toString("utf8")).toBe("🙂");
    expect(smile.map((id) => tokenizer.tokenText(id).token)).toEqual(["\uFFFD", "\uFFFD", "\uFFFD", "\uFFFD"]);
    expect(tokenizer.tokenText(2)).toEqual({ token: "</s>", bytes: [...Buffer.from("</s>")] });
  });

  it("spells a byte order mark token (U+FEFF, id 30143) as that character, so a text's tokens spelled one by one join to the text", () => {
    const ids = tokenizer.encode("Where\uFEFF Fire", false);
    expect(ids).toContain(30143);
    expect(tokenizer.tokenText(30143)).toEqual({ token: "\uFEFF", bytes: [0xef, 0xbb, 0xbf] });
    expect(ids.map((id) => tokenizer.tokenText(id).token).join("")).toBe(" Where\uFEFF Fire");
  });
});

describe("a byte-level (GPT-2 style) tokenizer", () => {
  it("spells each token alone by the bytes its characters stand for", () => {
    const dir = mkdtempSync(join(tmpdir(), "riskledger-byte-level-"));
    try {
      const byteLevel = { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true };
      const vocab = { ĠYes: 0, Ċ: 1, ðŁ: 2, ĻĤ: 3, No: 4 };
      writeFileSync(
        join(dir, "tokenizer.json"),
        JSON.stringify({
          version: "1.0",
          added_tokens: [],
          normalizer: null,
          pre_tokenizer: byteLevel,
          post_processor: null,
          decoder: byteLevel,
          model: { type: "BPE", vocab, merges: [] },
        }),
      );
      const tokenizer = Tokenizer.load(dir);
      expect(tokenizer.tokenText(0)).toEqual({ token: " Yes", bytes: [32, 89, 101, 115] });
      expect(tokenizer.tokenText(1)).toEqual({ token: "\n", bytes: [10] });
      expect(Buffer.from([...tokenizer.tokenText(2).bytes, ...tokenizer.tokenText(3).bytes]).toString("utf8")).toBe("🙂");
      expect(tokenizer.tokenText(4)).toEqual({ token: "No", bytes: [78, 111] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a damaged tokenizer", () => {
  let dir: string;
  beforeAll(() => {
    dir = freshTinyModel();
  });
  afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));

  it("is refused naming the file and what is wrong: cut short, not JSON, not a tokenizer", () => {
    const tokenizerFile = join(dir, "tokenizer.json");
    const configFile = join(dir, "tokenizer_config.json");
    const whole = readFileSync(tokenizerFile);
    writeFileSync(tokenizerFile, whole.subarray(0, whole.length / 2));
    expect(() => Tokenizer.load(dir)).toThrow(new RegExp(`^${tokenizerFile}: not valid JSON \\(Unterminated string in JSON at position \\d+\\)$`));
    writeFileSync(tokenizerFile, "{}");
    expect(() => Tokenizer.load(dir)).toThrow(`${tokenizerFile}: not a tokenizer (Tokenizer must contain a "model" property)`);
    writeFileSync(tokenizerFile, whole);
    writeFileSync(configFile, "{");
    expect(() => Tokenizer.load(dir)).toThrow(`${configFile}: not valid JSON (Expected property name or '}' in JSON at position 1)`);
  });
});

describe("the Stable Beluga prompt format", () => {
  it("writes system, user and the open assistant turn as the model card shows", () => {
    const messages: ChatMessage[] = [
      { role: "system", content: "You are Stable Beluga." },
      { role: "user", content: "Hello" },
    ];
    expect(formatStableBeluga(messages)).toBe("### System:\nYou are Stable Beluga.\n\n### User:\nHello\n\n### Assistant:\n");
  });

  it("writes earlier assistant turns back in the same format", () => {
    const messages: ChatMessage[] = [
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello!" },
      { role: "user", content: "Who are you?" },
    ];
    expect(formatStableBeluga(messages)).toBe("### User:\nHi\n\n### Assistant:\nHello!\n\n### User:\nWho are you?\n\n### Assistant:\n");
  });
});
