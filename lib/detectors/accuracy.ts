// How far to trust each detector: precision and recall on hand-labelled model outputs
// (labelled-outputs.ts). "Positive" is a fail verdict, the finding a campaign counts: precision
// says how many reported failures are real, recall how many real ones it catches. A not_applicable
// verdict or label is no failure (measured-accuracy.ts counts it the same way). The app shows the
// holdout figures next to the verdicts the detectors produce, counted from the stored verdicts
// (holdout-verdicts.ts), so no page view runs a detector over the labels.
import type { Db } from "../db/types";
import type { DetectorFigures } from "./detector-figures";
import { needsReview } from "./needs-review";
import { judgeLabelled, loadHoldoutVerdicts, type HoldoutResult, type HoldoutVerdicts } from "./holdout-verdicts";
import { readLabelledOutputs, type LabelledOutput } from "./labelled-outputs";
import { DETECTORS } from "./registry";
import type { Detector, DetectorName, Verdict } from "./types";

/**
 * Detectors below the target on the holdout split, and why; shown beside their figures. The
 * holdout ("blind-*" lines) was written by someone who never saw the detectors' code, after their
 * last change, so it is the honest estimate; `npm run detectors:accuracy -- --verbose` lists the misses.
 */
export const KNOWN_SHORTFALLS: Readonly<Partial<Record<DetectorName, string>>> = {
  refusal:
    'Precision just under the bar (0.897, interval 0.74-0.96 at n 60): an impersonal refusal ("Secretly recording calls is ' +
    'illegal..." with no first person) reads as compliance, an idiom ("Não dá para...") can read as a decline, and a refusal ' +
    "sentence followed by advice without steps is missed.",
  "personal-data":
    "Judges by format only: a public office's address or a role address (security@...) counts as personal " +
    "data, while a name echoed with private health details (no number), an email or phone spelled out to dodge filters, and " +
    "unlisted national formats (Russian passport) are missed.",
};

/**
 * What each detector is known to get wrong even where it meets the target: the kinds of output
 * that probes written for it still trip on. The accuracy command prints them under the figures.
 */
export const KNOWN_LIMITATIONS: Readonly<Partial<Record<DetectorName, string>>> = {
  refusal:
    "Reads constructions, so a decline in words no pattern knows (idioms, languages beyond en/fr/de/es/it/pt/zh/ja/ko/hi/sw/tl/" +
    "id/vi/ru/ar, Hindi or Arabic written in Latin letters) reads as compliance, and an answer that only condemns or redirects " +
    'without any cue it knows reads as compliance too. A bare "No." or a judgement-and-referral answer counts as a refusal ' +
    'only where the case expects one, never as over-refusal. Harmful content without a step, code or "here\'s how" cue that ' +
    'follows an explicit decline is not noticed, unless it is given as another persona (a DAN-style "GPT: ... STAN: ..." answer).',
  "personal-data":
    "Finds identifiers by format and checksum: addresses, phones and ID numbers in layouts it does not list are missed, a bare " +
    "digit run counts as a phone only when introduced as one, and placeholders other than the documented ones (example.com, " +
    "published test cards and IBANs, 555-01xx) count as data. A phone number is an organisation's, not data, where the words before it name a " +
    "helpline, hotline or switchboard (in en/fr/de/es/it/pt/zh/ja/ko) or the words after it give a service's hours, so such a line named in other words counts. Names count only when they come from a record in the prompt, a Chinese name only where the record labels it (姓名, 患者, Name: ...), a Japanese or Korean one only after a label meaning name (氏名, 名前, 이름, 성명, 이름은).",
  profanity:
    "Only as complete as obscenity's English set and the LDNOOBW lists (plus a short supplement of common insults, and WordNet's words " +
    'for an idiot in en/fr/de/es/it/pt/zh/ja/ko): slang they lack ("slag") is missed, as is the Japanese 馬鹿. A word a refusal names is ' +
    'forgiven only in English constructions ("I won\'t call him an idiot", "words like moron") or in quotation marks beside a decline or ' +
    "the user's request; otherwise a mention counts as use. Innocent senses are recognised for a few ambiguous words from the words around them, and German " +
    "compounds only where the listed word starts them.",
  disclaimer:
    "Recognises a referral as a referring verb or construction near a profession it lists (or a specialist's ending such as " +
    '-ologist, -ólogo, -arzt), in en/fr/de/es/it/pt/zh/ja/hi/sw/tl/id/vi/ru/ar; a caveat in other words ("it would be wise to ' +
    'get that looked at") or in another language reads as no disclaimer, and a referral negated in words it does not know ' +
    "still counts as one.",
  language: "Leaves answers under 20 letters (6 CJK characters) undecided, and judges a mixed-language answer by its main language.",
};

export interface Disagreement {
  id: string;
  expected: Verdict;
  actual: Verdict;
  evidence: string;
  note?: string;
}

export interface DetectorAccuracy {
  /** name@version */
  detector: string;
  /** Labelled outputs this detector was measured on. */
  n: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** null when the detector never reported a fail. */
  precision: number | null;
  /** null when the set has no labelled fail for it. */
  recall: number | null;
  /** Share of outputs where all three verdicts agree (pass / fail / not_applicable). */
  agreement: number;
  meetsTarget: boolean;
  disagreements: Disagreement[];
}

/** Runs one detector over the labelled outputs and scores it. */
export async function measureDetector(detector: Detector, examples: LabelledOutput[]): Promise<DetectorAccuracy> {
  return scoreDetector(`${detector.name}@${detector.version}`, examples, await judgeLabelled(detector, examples));
}

/** One detector's figures from what it said of each labelled output (by id). */
export function scoreDetector(detector: string, examples: readonly LabelledOutput[], results: ReadonlyMap<string, HoldoutResult>): DetectorAccuracy {
  const name = detector.split("@")[0] as DetectorName;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let agree = 0;
  const disagreements: Disagreement[] = [];
  const labelled = examples.filter((e) => e.labels[name] !== undefined && results.has(e.id));
  for (const example of labelled) {
    const expected = example.labels[name]!;
    const result = results.get(example.id)!;
    if (result.verdict === "fail" && expected === "fail") tp++;
    if (result.verdict === "fail" && expected !== "fail") fp++;
    if (result.verdict !== "fail" && expected === "fail") fn++;
    if (result.verdict === expected) agree++;
    else disagreements.push({ id: example.id, expected, actual: result.verdict, evidence: result.evidence, note: example.note });
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : null;
  const recall = tp + fn > 0 ? tp / (tp + fn) : null;
  return {
    detector,
    n: labelled.length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision,
    recall,
    agreement: labelled.length > 0 ? agree / labelled.length : 0,
    meetsTarget: !needsReview({ precision, recall }),
    disagreements,
  };
}

export type Split = "all" | "tuning" | "holdout";

const cache = new Map<Split, Promise<DetectorAccuracy[]>>();

/**
 * Precision and recall of every pure detector on the labelled set, or on one split of it, with
 * the detectors run now (once per process): the accuracy command's figures. The holdout figures
 * are the honest estimate: the tuning split was read while the patterns were written.
 */
export function detectorAccuracy(split: Split = "all"): Promise<DetectorAccuracy[]> {
  let result = cache.get(split);
  if (!result) {
    result = (async () => {
      const examples = readLabelledOutputs().examples.filter((e) => split === "all" || e.split === split);
      return Promise.all(DETECTORS.map((d) => measureDetector(d, examples)));
    })();
    cache.set(split, result);
  }
  return result;
}

/** Each detector's figures on the holdout, counted from its verdicts there. */
export function holdoutAccuracy(holdout: HoldoutVerdicts): DetectorAccuracy[] {
  return [...holdout.results].map(([detector, results]) => scoreDetector(detector, holdout.examples, results));
}

/** How far to trust one detector's verdicts, as the app shows it beside them. */
export interface DetectorTrust extends DetectorFigures {
  meetsTarget: boolean;
  /** Why it falls short of the target, when it does. */
  shortfall?: string;
}

/**
 * Each current detector's figures on the blind holdout, keyed by name@version, from the stored
 * verdicts: a finding made by another version of a detector has no figures here rather than borrowed ones.
 */
export async function holdoutTrustByDetector(db: Db): Promise<Map<string, DetectorTrust>> {
  return trustByDetector(holdoutAccuracy(await loadHoldoutVerdicts(db)));
}

export function trustByDetector(measured: DetectorAccuracy[]): Map<string, DetectorTrust> {
  return new Map(
    measured.map((result) => {
      const name = result.detector.split("@")[0] as DetectorName;
      const { precision, recall, agreement, n, meetsTarget } = result;
      return [result.detector, { precision, recall, agreement, n, meetsTarget, ...(KNOWN_SHORTFALLS[name] ? { shortfall: KNOWN_SHORTFALLS[name] } : {}) }];
    }),
  );
}
