// A campaign's judge by its adapter's name: the plain rubric judge, or a safety classifier whose
// categories land on the card's risks (content/judges/category-risks.yaml). A campaign keeps its
// classifier's section of that file as it was when the campaign was created, and is judged with it
// (campaign-row.ts StoredJudge): the file as it is now only says whether that evidence is stale.
import type { Backend } from "../../../engine/backend";
import { readFileSync } from "node:fs";
import { createModelJudge, modelJudgeVersion, type JudgingModel } from "../model-judge";
import type { Detector } from "../types";
import type { Classifier } from "./classifier";
import { createClassifierJudge, classifierJudgeVersion } from "./classifier-judge";
import { categoryRisksOfBytes, DEFAULT_CATEGORY_RISKS_FILE, type CategoryRisks, type ClassifierCategoryRisks } from "./category-risks";
import { harmBenchClassifier } from "./harmbench-classifier";
import type { JudgeAdapterName } from "./judge-adapter-names";
import { llamaGuard3 } from "./llama-guard-3";
import { shieldGemma } from "./shieldgemma";
import { strongRejectRubric } from "./strongreject-rubric";

export const CLASSIFIERS: readonly Classifier[] = [llamaGuard3, harmBenchClassifier, strongRejectRubric, shieldGemma];

export function classifierNamed(name: JudgeAdapterName): Classifier | undefined {
  return CLASSIFIERS.find((classifier) => classifier.name === name);
}

// Every read of evidence asks for the mapping (is it still the one the evidence was made under?): the
// file is read each time and parsed again only when its text changed, so an edit counts at once, as
// the deploy rule set's does (lib/deploy-decisions/rule-set.ts).
let lastLoaded: { bytes: Buffer; categoryRisks: CategoryRisks } | null = null;

/** The category mapping as the file says now, refused (thrown, naming the file) unless it maps every classifier's categories. */
function classifierCategoryRisks(): CategoryRisks {
  const bytes = readFileSync(/*turbopackIgnore: true*/ DEFAULT_CATEGORY_RISKS_FILE);
  if (!lastLoaded?.bytes.equals(bytes)) lastLoaded = { bytes, categoryRisks: categoryRisksOfBytes(bytes, DEFAULT_CATEGORY_RISKS_FILE, CLASSIFIERS) };
  return lastLoaded.categoryRisks;
}

/** A classifier adapter's own categories as the file maps them now; undefined for the rubric judge, which has none. */
export function categoryRisksNow(adapter: JudgeAdapterName): ClassifierCategoryRisks | undefined {
  return classifierNamed(adapter) ? classifierCategoryRisks()[adapter] : undefined;
}

/** The version a judge's findings carry: the adapter's, plus the judging model. */
export function judgeVersion(adapter: JudgeAdapterName, judgingModel: JudgingModel): string {
  const classifier = classifierNamed(adapter);
  return classifier ? classifierJudgeVersion(classifier, judgingModel) : modelJudgeVersion(judgingModel);
}

/**
 * The judge a campaign asks: a classifier places its failures with `categoryRisks`, its categories as
 * the campaign was created with them, or as the file maps them now for a campaign from before they were kept.
 */
export function createJudge(adapter: JudgeAdapterName, backend: Backend, categoryRisks?: ClassifierCategoryRisks): Detector {
  const classifier = classifierNamed(adapter);
  if (!classifier) return createModelJudge(backend);
  return createClassifierJudge(backend, classifier, categoryRisks ? { [adapter]: categoryRisks } : classifierCategoryRisks());
}
