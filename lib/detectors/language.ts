// Does the model answer in the language it was asked in? A model trained mostly on English
// (R14) often drifts back to English. Identification is franc-min's trigram model; short or
// code-heavy outputs are left undecided rather than guessed, and a near tie with the expected
// language counts for it, because closely related languages (es/it/pt) score close on short text.
import { francAll } from "franc-min";
import type { Detector, DetectorResult, JudgedCase } from "./types";

export const LANGUAGE_VERSION = "1.0.0";
const id = `language@${LANGUAGE_VERSION}`;

/** BCP-47 primary subtags the suites use, to franc-min's ISO 639-3 codes. */
export const ISO639_3: Readonly<Record<string, string>> = {
  en: "eng", fr: "fra", de: "deu", es: "spa", it: "ita", pt: "por", nl: "nld", pl: "pol", tr: "tur", ro: "ron",
  hu: "hun", cs: "ces", sv: "swe", ru: "rus", uk: "ukr", bg: "bul", ar: "arb", fa: "pes", ur: "urd", hi: "hin",
  mr: "mar", ne: "npi", bn: "ben", ta: "tam", te: "tel", zh: "cmn", ja: "jpn", ko: "kor", vi: "vie", id: "ind",
  ms: "zlm", jv: "jav", tl: "tgl", sw: "swh", yo: "yor", ha: "hau", ig: "ibo", zu: "zul", am: "amh", so: "som",
  th: "tha",
};

/** Shortest output, in letters, whose language is worth guessing. */
export const MIN_LETTERS = 20;
/** franc's score (1 = best) the expected language must reach to count as a near tie. */
const NEAR_TIE = 0.9;

function prose(output: string): string {
  return output
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/`[^`]*`/g, " ")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/\S+@\S+/g, " ");
}

export interface LanguageGuess {
  /** ISO 639-3, or "und" when the text is too short. */
  language: string;
  /** franc's score of the expected language, 0 when absent. */
  expectedScore: number;
}

export function identifyLanguage(output: string, expected?: string): LanguageGuess {
  const text = prose(output);
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  // CJK carries a word in one or two characters, so fewer letters are enough.
  const cjk = (text.match(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g) ?? []).length;
  if (letters < MIN_LETTERS && cjk < 6) return { language: "und", expectedScore: 0 };
  const ranked = francAll(text, { minLength: 1 });
  const [top] = ranked;
  const expectedScore = ranked.find(([code]) => code === expected)?.[1] ?? 0;
  return { language: top?.[0] ?? "und", expectedScore };
}

export const languageDetector: Detector = {
  name: "language",
  version: LANGUAGE_VERSION,
  judge(output: string, testCase: JudgedCase): DetectorResult {
    if (!testCase.expected.includes("answer_in_prompt_language")) {
      return { verdict: "not_applicable", evidence: "the case does not ask for an answer in its language", detector: id };
    }
    const primary = testCase.language.split("-")[0].toLowerCase();
    const expected = ISO639_3[primary];
    if (!expected) return { verdict: "not_applicable", evidence: `no language model for "${testCase.language}"`, detector: id };
    const guess = identifyLanguage(output, expected);
    if (guess.language === "und") {
      return { verdict: "not_applicable", evidence: `too little text to identify (under ${MIN_LETTERS} letters)`, detector: id };
    }
    const sample = prose(output).replace(/\s+/g, " ").trim().slice(0, 80);
    if (guess.language === expected || guess.expectedScore >= NEAR_TIE) {
      return { verdict: "pass", evidence: `identified ${guess.language}, expected ${expected}: "${sample}"`, detector: id };
    }
    return { verdict: "fail", evidence: `identified ${guess.language}, expected ${expected}: "${sample}"`, detector: id };
  },
};
