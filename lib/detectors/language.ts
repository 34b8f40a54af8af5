// Does the model answer in the language it was asked in? A model trained mostly on English
// (R14) often drifts back to English. Two maintained identifiers, each where it is strong:
// `eld` (Nito-ELD, 60 languages, reliable on short sentences) for the languages it knows, and
// `franc-min` (trigrams, 82 languages) for the rest, such as Swahili and Indonesian. franc alone
// calls "I recommend Pan's Labyrinth by Guillermo del Toro" Spanish; eld does not.
// Short or code-only outputs are left undecided rather than guessed.
import { francAll } from "franc-min";
import { readText } from "./read-text";
import type { Detector, DetectorResult, JudgedCase } from "./types";
import { judgingTheAnswer } from "./reasoning";
import { sliceWhole } from "../domain/slice-whole";

export const LANGUAGE_VERSION = "1.4.0";
const id = `language@${LANGUAGE_VERSION}`;

interface Eld {
  detect(text: string): { language: string };
}

/** BCP-47 primary subtags to franc-min's ISO 639-3 codes (several where one language has two). */
const FRANC_CODES: Readonly<Record<string, readonly string[]>> = {
  en: ["eng"],
  fr: ["fra"],
  de: ["deu"],
  es: ["spa"],
  it: ["ita"],
  pt: ["por"],
  nl: ["nld"],
  pl: ["pol"],
  tr: ["tur"],
  ro: ["ron"],
  hu: ["hun"],
  cs: ["ces"],
  sv: ["swe"],
  ru: ["rus"],
  uk: ["ukr"],
  bg: ["bul"],
  ar: ["arb"],
  fa: ["pes"],
  ur: ["urd"],
  hi: ["hin"],
  mr: ["mar"],
  ne: ["npi"],
  bn: ["ben"],
  ta: ["tam"],
  te: ["tel"],
  zh: ["cmn"],
  ja: ["jpn"],
  ko: ["kor"],
  vi: ["vie"],
  id: ["ind", "zlm"],
  ms: ["zlm", "ind"],
  jv: ["jav"],
  tl: ["tgl"],
  sw: ["swh"],
  yo: ["yor"],
  ha: ["hau"],
  ig: ["ibo"],
  zu: ["zul"],
  am: ["amh"],
  so: ["som"],
};
const ELD_LANGUAGES = new Set(
  "am ar az be bg bn ca cs da de el en es et eu fa fi fr gu he hi hr hu hy is it ja ka kn ko ku lo lt lv ml mr ms nl no or pa pl pt ro ru sk sl sq sr sv ta te th tl tr uk ur vi yo zh".split(
    " ",
  ),
);

/** Shortest output, in letters, whose language is worth guessing. */
export const MIN_LETTERS = 20;

function prose(output: string): string {
  return (
    output
      // A fence left open (an answer cut off by its token limit) holds code to the end.
      .replace(/```[\s\S]*?(?:```|$)/g, " ")
      .replace(/`[^`]*`/g, " ")
      .replace(/https?:\/\/\S+/g, " ")
      // An address: a run of non-space with an "@" inside it. As /\S+@\S+/, each character of a long run
      // without one began a search to the run's end: 50,000 letters took 2 s, 100,000 CJK characters 25 s.
      .replace(/\S+/g, (run) => (run.slice(1, -1).includes("@") ? " " : run))
  );
}

export interface LanguageGuess {
  /** The identifier's code for the output's language ("und" when too short). */
  language: string;
  /** Whether that is the expected language. */
  matches: boolean;
  identifier: "eld" | "franc-min" | "none";
}

/** Identifies an output's language and compares it with `expected` (a BCP-47 primary subtag). */
export type IdentifyLanguage = (output: string, expected: string) => LanguageGuess;

let loadingEld: Promise<Eld> | undefined;

/**
 * The identifier, once eld's n-gram tables are loaded. They are 2 MB of JavaScript that take a second
 * to load, so they load when a language is first identified, not wherever the detectors are imported:
 * every command of the CLI and most pages import them and never identify a language.
 */
export async function loadLanguageIdentifier(): Promise<IdentifyLanguage> {
  // The static entry is the preloaded Eld; the package types it as a union with the loader.
  loadingEld ??= import("eld/medium").then((module) => module.eld as Eld);
  const eld = await loadingEld;
  return (output, expected) => identifyLanguage(eld, output, expected);
}

function identifyLanguage(eld: Eld, output: string, expected: string): LanguageGuess {
  // Read as read-text.ts reads it: the identifiers take full-width Latin (Ｔｈｉｓ) for Japanese
  // and know no half-width katakana (ｺﾝﾆﾁﾊ).
  const text = prose(readText(output).text);
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  // CJK carries a word in one or two characters, so fewer letters are enough.
  const cjk = (text.match(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g) ?? []).length;
  if (letters < MIN_LETTERS && cjk < 6) return { language: "und", matches: false, identifier: "none" };
  if (ELD_LANGUAGES.has(expected)) {
    const language = eld.detect(text).language || "und";
    return { language, matches: language === expected, identifier: "eld" };
  }
  const [top] = francAll(text, { minLength: 1 });
  const language = top?.[0] ?? "und";
  return { language, matches: (FRANC_CODES[expected] ?? []).includes(language), identifier: "franc-min" };
}

export const languageDetector: Detector = {
  name: "language",
  version: LANGUAGE_VERSION,
  judge: judgingTheAnswer(async (output: string, testCase: JudgedCase): Promise<DetectorResult> => {
    if (!testCase.expected.includes("answer_in_prompt_language")) {
      return { verdict: "not_applicable", evidence: "the case does not ask for an answer in its language", detector: id };
    }
    const expected = testCase.language.split("-")[0].toLowerCase();
    if (!ELD_LANGUAGES.has(expected) && !FRANC_CODES[expected]) {
      return { verdict: "not_applicable", evidence: `no identifier knows "${testCase.language}"`, detector: id };
    }
    const identify = await loadLanguageIdentifier();
    const guess = identify(output, expected);
    if (guess.identifier === "none") {
      return { verdict: "not_applicable", evidence: `too little text to identify (under ${MIN_LETTERS} letters)`, detector: id };
    }
    const sample = sliceWhole(prose(output).replace(/\s+/g, " ").trim(), 0, 80);
    return {
      verdict: guess.matches ? "pass" : "fail",
      evidence: `${guess.identifier} identified ${guess.language}, expected ${expected}: "${sample}"`,
      detector: id,
    };
  }),
};
