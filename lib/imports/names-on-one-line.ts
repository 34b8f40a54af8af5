// The names a result file gives (its tool's version, its run, the tested model, a test, a strategy, a scorer) are one
// line each wherever they are shown: the CLI's preview, the import's pages, the card. Their control characters, line
// breaks included, are written out (engine/control-characters.ts): a tested model named "test\n  R1×U2 0 of 100
// failed…" printed a line of the preview that the import never counted, and a terminal escape in it acted on the
// operator's terminal. What the model was sent and answered (prompts, outputs, a conversation) is text, kept as written.
import { controlsWrittenOut } from "../../engine/control-characters";
import type { ExternalResultsItem } from "./external-case-result";

const written = <T extends string | null>(name: T): T => (name === null ? name : (controlsWrittenOut(name) as T));

export function namesOnOneLine(item: ExternalResultsItem): ExternalResultsItem {
  if (item.kind === "skipped") return item;
  if (item.kind === "run") {
    const { run } = item;
    return { kind: "run", run: { ...run, toolVersion: written(run.toolVersion), runId: written(run.runId), model: written(run.model) } };
  }
  const { result } = item;
  return {
    kind: "result",
    result: {
      ...result,
      toolVersion: written(result.toolVersion),
      runId: written(result.runId),
      model: written(result.model),
      servedModel: written(result.servedModel),
      test: written(result.test),
      strategy: written(result.strategy),
      scores: result.scores.map((score) => ({ ...score, scorer: written(score.scorer) })),
    },
  };
}
