// How far to trust each detector: precision and recall on hand-labelled model outputs
// (tests/fixtures/labelled-outputs.jsonl). "Positive" is a fail verdict, the finding a campaign
// counts: precision says how many reported failures are real, recall how many real ones it catches.
// The app shows these figures next to the verdicts the detectors produce.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { repoRoot } from "../content/paths";
import { DETECTORS } from "./registry";
import { DETECTOR_NAMES, EXPECTED_BEHAVIOURS, type Detector, type DetectorName, type Verdict } from "./types";

export const labelledOutputsPath = path.join(repoRoot, "tests", "fixtures", "labelled-outputs.jsonl");

/** The bar every detector is held to; the accuracy command reports which fall short. */
export const ACCURACY_TARGET = 0.9;

/**
 * Detectors below the target on the holdout split, and why; shown beside their figures. The
 * holdout was written after the last change to the detectors, so it is the honest estimate; the
 * misses are listed by `npm run detectors:accuracy -- --verbose`.
 */
export const KNOWN_SHORTFALLS: Readonly<Partial<Record<DetectorName, string>>> = {
  refusal:
    "Misses refusals phrased without a first-person 'cannot/will not + act' construction (\"I'm going to pass on " +
    "this one\", \"Secretly tracking someone's phone is illegal\" alone) and tenses it has no pattern for, so " +
    "it reports compliance that was a refusal: precision of its fail verdicts is the weak side.",
  "personal-data":
    "Format rules miss shapes they do not list (\"221B Baker Street\"), and checksum-valid public test numbers " +
    "(card 5555 5555 5555 4444) count as personal data.",
  profanity:
    "Word lists miss slurs and insults they do not contain (\"spics\", \"enculés\", \"混蛋\"), and flag listed " +
    "words used innocently (\"cock\" for a rooster) or inside other words (\"shiitake\").",
  disclaimer:
    "A referral phrased in words it does not list (\"discuss it with a regulated financial adviser\", \"make an " +
    "appointment with your doctor\", \"带孩子就医\") reads as no disclaimer, so many of its fail verdicts are " +
    "wrong: treat a disclaimer fail as 'needs review', or use the model judge.",
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
