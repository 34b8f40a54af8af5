// The text every detector matches: the output as a reader sees it, not as its code points spell
// it. An output can hold characters that show as nothing (zero-width spaces and joiners, the word
// joiner, the soft hyphen, a byte-order mark, the markers of markdown emphasis chat models put on
// key words: "I **cannot**", "consult a **doctor**"), letters in full-width or mathematical forms
// (ｆｕｃｋ, 𝐟𝐮𝐜𝐤), Cyrillic or Greek letters that look Latin ("fuсk" with a Cyrillic с),
// and typographic apostrophes and hyphens where the patterns are written with ASCII ones (chat
// models write "I can’t" and 020‑7946‑0958 with U+2011). So the text is read in NFKC, less the
// default-ignorable code points and emphasis markers, with those apostrophes and hyphens as ASCII,
// and with look-alike letters as Latin where their word is Latin: a word mixing Latin letters with
// look-alikes, or a word made only of look-alikes in a text mostly in Latin letters and beside no
// word of another script. A word of Russian or Greek, and any word beside one, is left as
// written, so a Russian sentence never turns into English words.
// Every offset maps back, so a finding quotes the output as written.
import { quote as quoteText } from "./types";

// Cyrillic and Greek letters drawn like a Latin one (after Unicode's confusables list), each
// written just before the Latin letter it looks like.
const LOOK_ALIKES = new Map(
  "аa еe оo рp сc уy хx іi јj ѕs һh ԁd ԛq ԝw ӏl АA ВB ЕE КK МM НH ОO РP СC ТT ХX УY ҮY ЅS ІI ЈJ ԚQ ԜW ӀI αa οo νv ιi ρp υu γy χx ϲc ϳj ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX"
    .split(" ")
    .map((pair) => [pair[0], pair[1]]),
);
const AS_ASCII: Readonly<Record<string, string>> = { "\u2018": "'", "\u2019": "'", "\u02BC": "'", "\u2010": "-" };

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const TYPOGRAPHIC = /[\u2018\u2019\u02BC\u2010]/g;
// A run of printable ASCII, which reads as written, or a character and the marks on it (NFKC
// composes within one, never across two).
const SEGMENT = /(?:[\t\n\r -~](?!\p{M}))+|\P{M}\p{M}*|\p{M}+/gu;
const PLAIN = /^[\t\n\r -~]+$/;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

// Markdown emphasis, which a chat interface shows as bold or italics: a run of * or _ that opens
// before a word and is closed after one on the same line (within 300 characters), neither
// touching a letter or digit outside. A mask inside a word (f**k, n*gger) or after one (f***)
// is not emphasis.
const EMPHASIS = /(?<![\p{L}\p{N}*_\\])(\*{1,3}|_{1,3})(?=[^\s*_])(.{1,300}?)(?<=[^\s*_\\])\1(?![\p{L}\p{N}*_])/gu;

/** Where in `written` each emphasis marker is: those code units show as nothing. */
function emphasisMarkers(written: string): Set<number> {
  const markers = new Set<number>();
  // Emphasis nests (**bold *italic* bold**): each pass finds the outer pairs left.
  let text = written;
  for (let pass = 0; pass < 3; pass++) {
    let found = false;
    text = text.replace(EMPHASIS, (whole, marker: string, inner: string, offset: number) => {
      found = true;
      for (let i = 0; i < marker.length; i++) {
        markers.add(offset + i);
        markers.add(offset + whole.length - 1 - i);
      }
      // Kept as blanks of the same length, so offsets in `written` hold for the next pass.
      return " ".repeat(marker.length) + inner + " ".repeat(marker.length);
    });
    if (!found) break;
  }
  return markers;
}

export interface ReadText {
  /** What the detectors' patterns match. */
  text: string;
  /** The output as written. */
  written: string;
  /** The part of the output as written that text.slice(start, end) was read from. */
  writtenSpan(start: number, end: number): { start: number; end: number };
}

/** Reads `written` as the detectors match it (see the header), keeping the way back to each offset. */
export function readText(written: string): ReadText {
  let text = "";
  // For each code unit of `text`: where the piece of `written` it came from starts and ends.
  const starts: number[] = [];
  const ends: number[] = [];
  const markers = emphasisMarkers(written);
  for (const segment of written.matchAll(SEGMENT)) {
    if (PLAIN.test(segment[0])) {
      for (let i = 0; i < segment[0].length; i++) {
        if (markers.has(segment.index + i)) continue;
        starts.push(segment.index + i);
        ends.push(segment.index + i + 1);
        text += segment[0][i];
      }
      continue;
    }
    const read = segment[0]
      .normalize("NFKC")
      .replace(IGNORABLE, "")
      .replace(TYPOGRAPHIC, (c) => AS_ASCII[c]);
    for (let i = 0; i < read.length; i++) {
      starts.push(segment.index);
      ends.push(segment.index + segment[0].length);
    }
    text += read;
  }
  return {
    text: lookAlikesAsLatin(text),
    written,
    writtenSpan(start, end) {
      return { start: start < starts.length ? starts[start] : written.length, end: end > 0 ? ends[Math.min(end, ends.length) - 1] : 0 };
    },
  };
}

/** The output as written behind text.slice(start, end). */
export function writtenSlice(read: ReadText, start: number, end: number): string {
  const span = read.writtenSpan(start, end);
  return read.written.slice(span.start, span.end);
}

/** A quote of the output as written around what text.slice(start, end) was read from. */
export function quoteWritten(read: ReadText, start: number, end: number, margin?: number): string {
  const span = read.writtenSpan(start, end);
  return quoteText(read.written, span.start, span.end, margin);
}

type WordScript = "latin" | "look-alike" | "other" | "none";

function wordScript(word: string): WordScript {
  if (/^[A-Za-z0-9]+$/.test(word)) return /[A-Za-z]/.test(word) ? "latin" : "none";
  const letters = word.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return "none";
  if (letters.every((c) => LOOK_ALIKES.has(c))) return "look-alike";
  return letters.every((c) => LOOK_ALIKES.has(c) || /\p{Script=Latin}/u.test(c)) ? "latin" : "other";
}

function lookAlikesAsLatin(text: string): string {
  if (![...LOOK_ALIKES.keys()].some((c) => text.includes(c))) return text;
  const words = [...text.matchAll(WORD)].map((match) => ({ index: match.index, word: match[0], script: wordScript(match[0]) }));
  const shows = (script: WordScript) => script === "latin" || script === "other";
  // The script of the nearest word before and after each word that shows its script.
  const before: (WordScript | undefined)[] = [];
  const after: (WordScript | undefined)[] = [];
  for (let i = 0, last: WordScript | undefined; i < words.length; i++) {
    before.push(last);
    if (shows(words[i].script)) last = words[i].script;
  }
  for (let i = words.length - 1, next: WordScript | undefined; i >= 0; i--) {
    after[i] = next;
    if (shows(words[i].script)) next = words[i].script;
  }
  // "В HTML" and "Το aria-hidden" open Russian and Greek sentences: a word of look-alikes alone
  // reads as Latin only in a text mostly in Latin letters, and only beside no word of another script.
  const letters = (script: WordScript) => words.filter((w) => w.script === script).reduce((sum, w) => sum + (w.word.match(/\p{L}/gu) ?? []).length, 0);
  const mostlyLatin = letters("latin") > letters("other");
  let result = "";
  let from = 0;
  for (const [i, { index, word, script }] of words.entries()) {
    if (script !== "latin" && script !== "look-alike") continue;
    if (script === "look-alike" && (!mostlyLatin || before[i] === "other" || after[i] === "other")) continue;
    if (!/\P{ASCII}/u.test(word)) continue;
    result += text.slice(from, index) + [...word].map((c) => LOOK_ALIKES.get(c) ?? c).join("");
    from = index + word.length;
  }
  return result + text.slice(from);
}
