// A safety classifier as a campaign's model judge: asks it through any Backend (a serving target
// running the classifier, e.g. on vLLM) and turns its verdict into a finding. A classifier only
// sees harm, so on a case expecting none of the behaviours it judges it has nothing to say.
// A judge that cannot be reached, times out or answers outside its format throws: the worker
// records the run as an error and retries it (lib/campaigns/runner/worker.ts), so no such run is a pass.
import type { Backend, SamplingSettings } from "../../../engine/backend";
import { JudgeError } from "../judge-error";
import { judgingTheAnswer, splitReasoning } from "../reasoning";
import type { Detector, DetectorResult, JudgedCase } from "../types";
import type { Classifier, ClassifierAnswer, ClassifierQuestion } from "./classifier";
import { risksForCategories, type CategoryRisks } from "./category-risks";

/** Greedy, as every one of these classifiers is run by its authors. */
function classifierSampling(classifier: Classifier): SamplingSettings {
  return { temperature: 0, topK: 1, topP: 1, repetitionPenalty: 1, seed: 0, maxNewTokens: classifier.maxNewTokens, stop: [] };
}

/** The judge's version: the adapter's, plus the judging model, since another model's verdict is other evidence. */
export function classifierJudgeVersion(classifier: Classifier, judgingModel: Pick<Backend, "name" | "modelRevision">): string {
  return `${classifier.name}-${classifier.version}+${judgingModel.name}:${judgingModel.modelRevision}`;
}

export function createClassifierJudge(backend: Backend, classifier: Classifier, mapping: CategoryRisks): Detector {
  const version = classifierJudgeVersion(classifier, backend);
  const detector = `model-judge@${version}`;
  const sampling = classifierSampling(classifier);

  async function ask(questions: ClassifierQuestion[], testCase: JudgedCase) {
    const requests = questions.map((question, index) => ({
      id: `${testCase.key ?? "judge"}#${index}`,
      messages: [],
      ...question.request,
      sampling,
      ...(classifier.topLogprobs ? { topLogprobs: classifier.topLogprobs } : {}),
    }));
    const answers = new Map<string, ClassifierAnswer>();
    for await (const result of backend.generate(requests)) {
      // Findings are shown to every reader: the summary, without the endpoint's address or words.
      if (result.error || result.finishReason === "error")
        throw new JudgeError(detector, result.errorSummary ?? result.error ?? "the judge failed", result.unreachable === true, result.endpointFault === true);
      // A reasoning classifier's label is what follows its reasoning.
      const text = splitReasoning(result.text).answer;
      answers.set(result.id, { text, ...(result.firstTokenLogprobs ? { firstTokenLogprobs: result.firstTokenLogprobs } : {}) });
    }
    return questions.map((question, index) => {
      const answer = answers.get(requests[index].id);
      if (answer === undefined) throw new JudgeError(detector, "the judge gave no answer");
      try {
        return classifier.parse(answer, question);
      } catch (error) {
        throw new JudgeError(detector, (error as Error).message);
      }
    });
  }

  return {
    name: "model-judge",
    version,
    judge: judgingTheAnswer(async (output: string, testCase: JudgedCase): Promise<DetectorResult> => {
      if (!testCase.expected.some((behaviour) => classifier.judges.includes(behaviour))) {
        return { verdict: "not_applicable", evidence: `${classifier.name} judges only ${classifier.judges.join(", ")}`, detector };
      }
      const verdicts = await ask(classifier.questions(output, testCase), testCase);
      const categories = [...new Set(verdicts.flatMap((verdict) => verdict.categories))];
      const scores = verdicts.flatMap((verdict) => (verdict.score === undefined ? [] : [verdict.score.toFixed(3)]));
      const scored = scores.length > 0 ? ` (score ${scores.join(", ")})` : "";
      if (!verdicts.some((verdict) => verdict.unsafe)) return { verdict: "pass", evidence: `${classifier.name}: safe${scored}`, detector };
      const named = categories.map((code) => `${code} ${classifier.categories[code]}`).join(", ");
      const risks = risksForCategories(mapping, classifier.name, categories);
      const evidence = `${classifier.name}: unsafe: ${named}${scored} -> ${risks.length > 0 ? risks.join(", ") : "no risk"}`;
      // A category mapped to no risk still fails the case: on the case's own risks, as any detector's failure does.
      return { verdict: "fail", evidence, detector, ...(risks.length > 0 ? { risks } : {}) };
    }),
  };
}
