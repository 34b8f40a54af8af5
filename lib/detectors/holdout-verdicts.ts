// Each detector's verdict on every output of the blind holdout (labelled-outputs.ts): what every
// measured accuracy the app shows is counted from (accuracy.ts holdoutAccuracy, measured-accuracy.ts
// holdoutCounts). Running the detectors over the holdout takes seconds, so the verdicts are stored
// in the database (DetectorHoldoutVerdicts) per detector name@version and labels-file hash: taken
// once when a detector's version or the labels change, read back by every process after. A
// process also remembers them per database client; the file is hashed on each read, so an edited
// label is noticed at once.
import type { Db, DbTransaction } from "../db/types";
import { labelledOutputsHash, readLabelledOutputs, type LabelledOutput } from "./labelled-outputs";
import { DETECTORS } from "./registry";
import type { Detector, DetectorResult } from "./types";

export type HoldoutResult = Pick<DetectorResult, "verdict" | "evidence">;

export interface HoldoutVerdicts {
  labelsHash: string;
  /** The holdout split: written after the detectors, never tuned on. */
  examples: LabelledOutput[];
  /** name@version -> labelled output id -> what the detector said; only outputs labelled for that detector. */
  results: Map<string, Map<string, HoldoutResult>>;
}

const detectorId = (detector: Detector) => `${detector.name}@${detector.version}`;

/** What one detector says of each labelled output that carries a label for it, by output id. */
export async function judgeLabelled(detector: Detector, examples: readonly LabelledOutput[]): Promise<Map<string, HoldoutResult>> {
  const results = new Map<string, HoldoutResult>();
  for (const example of examples) {
    if (example.labels[detector.name] === undefined) continue;
    const { verdict, evidence } = await detector.judge(example.output, { key: example.id, ...example.case });
    results.set(example.id, { verdict, evidence });
  }
  return results;
}

/** The detectors run over the holdout now, nothing stored: for the accuracy command and tests without a database. */
export async function judgeHoldout(detectors: readonly Detector[] = DETECTORS): Promise<HoldoutVerdicts> {
  const { hash, examples } = holdout();
  const results = new Map<string, Map<string, HoldoutResult>>();
  for (const detector of detectors) results.set(detectorId(detector), await judgeLabelled(detector, examples));
  return { labelsHash: hash, examples, results };
}

const remembered = new WeakMap<Db | DbTransaction, Map<string, Promise<HoldoutVerdicts>>>();

/** The current detectors' verdicts on the current holdout: stored ones read back, missing ones taken and stored. */
export function loadHoldoutVerdicts(db: Db | DbTransaction, detectors: readonly Detector[] = DETECTORS): Promise<HoldoutVerdicts> {
  const key = `${labelledOutputsHash()}\0${detectors.map(detectorId).join(",")}`;
  let byKey = remembered.get(db);
  if (!byKey) {
    byKey = new Map();
    remembered.set(db, byKey);
  }
  let loaded = byKey.get(key);
  if (!loaded) {
    loaded = readOrTake(db, detectors);
    byKey.set(key, loaded);
    loaded.catch(() => byKey.delete(key));
  }
  return loaded;
}

async function readOrTake(db: Db | DbTransaction, detectors: readonly Detector[]): Promise<HoldoutVerdicts> {
  const { hash, examples } = holdout();
  const stored = await db.detectorHoldoutVerdicts.findMany({ where: { labelsHash: hash, detector: { in: detectors.map(detectorId) } } });
  const found = new Map(stored.map((row) => [row.detector, new Map(Object.entries(row.results as Record<string, HoldoutResult>))]));
  const results = new Map<string, Map<string, HoldoutResult>>();
  for (const detector of detectors) {
    const id = detectorId(detector);
    const read = found.get(id);
    if (read) {
      results.set(id, read);
      continue;
    }
    const taken = await judgeLabelled(detector, examples);
    // Another process may have taken them meanwhile: the same detector on the same labels says the same.
    await db.detectorHoldoutVerdicts.upsert({
      where: { detector_labelsHash: { detector: id, labelsHash: hash } },
      create: { detector: id, labelsHash: hash, results: Object.fromEntries(taken) },
      update: {},
    });
    results.set(id, taken);
  }
  return { labelsHash: hash, examples, results };
}

function holdout(): { hash: string; examples: LabelledOutput[] } {
  const { hash, examples } = readLabelledOutputs();
  return { hash, examples: examples.filter((example) => example.split === "holdout") };
}
