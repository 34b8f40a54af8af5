// A campaign's judge by its adapter's name: the plain rubric judge, or a safety classifier whose
// categories land on the card's risks (content/judges/category-risks.yaml, read once per process).
import type { Backend } from "../../../engine/backend";
import { createModelJudge, modelJudgeVersion, type JudgingModel } from "../model-judge";
import type { Detector } from "../types";
import type { Classifier } from "./classifier";
import { createClassifierJudge, classifierJudgeVersion } from "./classifier-judge";
import { loadCategoryRisks, type CategoryRisks } from "./category-risks";
import { harmBenchClassifier } from "./harmbench-classifier";
import type { JudgeAdapterName } from "./judge-adapter-names";
import { llamaGuard3 } from "./llama-guard-3";
import { shieldGemma } from "./shieldgemma";
import { strongRejectRubric } from "./strongreject-rubric";

export const CLASSIFIERS: readonly Classifier[] = [llamaGuard3, harmBenchClassifier, strongRejectRubric, shieldGemma];

export function classifierNamed(name: JudgeAdapterName): Classifier | undefined {
  return CLASSIFIERS.find((classifier) => classifier.name === name);
}

let categoryRisks: CategoryRisks | null = null;

/** The category mapping, refused (thrown, naming the file) unless it maps every classifier's categories. */
export function classifierCategoryRisks(): CategoryRisks {
  categoryRisks ??= loadCategoryRisks(CLASSIFIERS);
  return categoryRisks;
}

/** The version a judge's findings carry: the adapter's, plus the judging model. */
export function judgeVersion(adapter: JudgeAdapterName, judgingModel: JudgingModel): string {
  const classifier = classifierNamed(adapter);
  return classifier ? classifierJudgeVersion(classifier, judgingModel) : modelJudgeVersion(judgingModel);
}

export function createJudge(adapter: JudgeAdapterName, backend: Backend): Detector {
  const classifier = classifierNamed(adapter);
  return classifier ? createClassifierJudge(backend, classifier, classifierCategoryRisks()) : createModelJudge(backend);
}
