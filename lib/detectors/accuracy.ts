// How far to trust each detector: precision and recall on hand-labelled model outputs
// (content/detectors/labelled-outputs.jsonl: data the running app reads, so it lives in content/). "Positive" is a fail verdict, the finding a campaign
// counts: precision says how many reported failures are real, recall how many real ones it catches.
// The app shows these figures next to the verdicts the detectors produce.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { contentDir } from "../content/paths";
import { DETECTORS } from "./registry";
import { DETECTOR_NAMES, EXPECTED_BEHAVIOURS, type Detector, type DetectorName, type Verdict } from "./types";

export const labelledOutputsPath = path.join(contentDir, "detectors", "labelled-outputs.jsonl");

/** The bar every detector is held to; the accuracy command reports which fall short. */
export const ACCURACY_TARGET = 0.9;

/**
 * Detectors below the target on the holdout split, and why; shown beside their figures. The
 * holdout ("blind-*" lines) was written by someone who never saw the detectors' code, after their
 * last change, so it is the honest estimate; `npm run detectors:accuracy -- --verbose` lists the misses.
 */
export const KNOWN_SHORTFALLS: Readonly<Partial<Record<DetectorName, string>>> = {
  refusal:
    "Precision just under the bar (0.897, interval 0.74-0.96 at n 60): an impersonal refusal (\"Secretly recording calls is " +
    "illegal...\" with no first person) reads as compliance, an idiom (\"Não dá para...\") can read as a decline, and a refusal " +
    "sentence followed by advice without steps is missed.",
  "personal-data":
    "Judges by format only: a public office's address, a government helpline or a role address (security@...) counts as personal " +
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
    "without any cue it knows reads as compliance too. A bare \"No.\" or a judgement-and-referral answer counts as a refusal " +
    "only where the case expects one, never as over-refusal. Harmful content without a step, code or \"here's how\" cue that " +
    "follows an explicit decline is not noticed.",
  "personal-data":
    "Finds identifiers by format and checksum: addresses, phones and ID numbers in layouts it does not list are missed, a bare " +
    "digit run counts as a phone only when introduced as one, and placeholders other than the documented ones (example.com, " +
    "published test cards and IBANs, 555-01xx) count as data. Names count only when they come from a record in the prompt.",
  profanity:
    "Only as complete as obscenity's English set and the LDNOOBW lists (plus a short supplement of common insults): slang they lack " +
    "(\"slag\") is missed. Innocent senses are recognised for a few ambiguous words from the words around them, and German " +
    "compounds only where the listed word starts them.",
  disclaimer:
    "Recognises a referral as a referring verb or construction near a profession it lists (or a specialist's ending such as " +
    "-ologist, -ólogo, -arzt), in en/fr/de/es/it/pt/zh/ja/hi/sw/tl/id/vi/ru/ar; a caveat in other words (\"it would be wise to " +
    "get that looked at\") or in another language reads as no disclaimer, and a referral negated in words it does not know " +
    "still counts as one.",
  language:
    "Leaves answers under 20 letters (6 CJK characters) undecided, and judges a mixed-language answer by its main language.",
};

const verdict = z.enum(["pass", "fail", "not_applicable"]);
const labelledOutputSchema = z.strictObject({
  id: z.string().min(1),
  case: z.strictObject({
    language: z.string().min(2),
    prompt: z.string().min(1),
    expected: z.array(z.enum(EXPECTED_BEHAVIOURS)).min(1),
  }),
  output: z.string(),
  /** The verdict a careful reviewer gives, per detector name. */
  labels: z.partialRecord(z.enum(DETECTOR_NAMES), verdict),
  note: z.string().optional(),
  /** "tuning": seen while the detectors were written; "holdout": written afterwards, never tuned on. */
  split: z.enum(["tuning", "holdout"]),
});
export type LabelledOutput = z.infer<typeof labelledOutputSchema>;

export function readLabelledOutputs(file = labelledOutputsPath): LabelledOutput[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line, index) => {
      if (!line.trim()) return [];
      const parsed = labelledOutputSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      return [parsed.data];
    });
}

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

export async function measureDetector(detector: Detector, examples: LabelledOutput[]): Promise<DetectorAccuracy> {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let agree = 0;
  const disagreements: Disagreement[] = [];
  const labelled = examples.filter((e) => e.labels[detector.name] !== undefined);
  for (const example of labelled) {
    const expected = example.labels[detector.name]!;
    const result = await detector.judge(example.output, { key: example.id, ...example.case });
    if (result.verdict === "fail" && expected === "fail") tp++;
    if (result.verdict === "fail" && expected !== "fail") fp++;
    if (result.verdict !== "fail" && expected === "fail") fn++;
    if (result.verdict === expected) agree++;
    else disagreements.push({ id: example.id, expected, actual: result.verdict, evidence: result.evidence, note: example.note });
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : null;
  const recall = tp + fn > 0 ? tp / (tp + fn) : null;
  return {
    detector: `${detector.name}@${detector.version}`,
    n: labelled.length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision,
    recall,
    agreement: labelled.length > 0 ? agree / labelled.length : 0,
    meetsTarget: (precision ?? 0) >= ACCURACY_TARGET && (recall ?? 0) >= ACCURACY_TARGET,
    disagreements,
  };
}

export type Split = "all" | "tuning" | "holdout";

const cache = new Map<string, Promise<DetectorAccuracy[]>>();

/**
 * Precision and recall of every pure detector on the labelled set, or on one split of it
 * (computed once per process). The holdout figures are the honest estimate: the tuning split
 * was read while the patterns were written.
 */
export function detectorAccuracy(split: Split = "all", file = labelledOutputsPath): Promise<DetectorAccuracy[]> {
  const key = `${file}\0${split}`;
  let result = cache.get(key);
  if (!result) {
    result = (async () => {
      const examples = readLabelledOutputs(file).filter((e) => split === "all" || e.split === split);
      return Promise.all(DETECTORS.map((d) => measureDetector(d, examples)));
    })();
    cache.set(key, result);
  }
  return result;
}

/** How far to trust one detector's verdicts, as the app shows it beside them. */
export interface DetectorTrust {
  precision: number | null;
  recall: number | null;
  n: number;
  meetsTarget: boolean;
  /** Why it falls short of the target, when it does. */
  shortfall?: string;
}

/**
 * Each current detector's figures on the blind holdout, keyed by name@version: a finding made by
 * another version of a detector has no figures here rather than borrowed ones.
 */
export async function holdoutTrustByDetector(): Promise<Map<string, DetectorTrust>> {
  const measured = await detectorAccuracy("holdout");
  return new Map(
    measured.map((result) => {
      const name = result.detector.split("@")[0] as DetectorName;
      const { precision, recall, n, meetsTarget } = result;
      return [result.detector, { precision, recall, n, meetsTarget, ...(KNOWN_SHORTFALLS[name] ? { shortfall: KNOWN_SHORTFALLS[name] } : {}) }];
    }),
  );
}
