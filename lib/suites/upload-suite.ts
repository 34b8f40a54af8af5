// A reviewer gives a model's use its test suite as a suite file (the format of content/suites, one suite
// per use), so that a use added in the app (U5) or a risk added to it (R15) can be tested: the file is
// read with the same schema, its use and every risk its cases name must be the model's own and in force,
// and its case keys must not be another suite's of this model (a campaign's results are keyed by them).
// Writing is the suites sync's own (writeSuite): the same suite key again updates it in place, and the
// cells it covers show their earlier evidence as stale. Audited as "suite.upload" on the model.
import { z } from "zod";
import { YAML_FILE_NAME } from "../content/content-folder";
import { CELL_EDIT_ROLE } from "../cells/cell-permissions";
import { defineCommand, type InvalidInput, invalidInput } from "../commands/define-command";
import type { Db } from "../db/types";
import { parseSuite, SuiteLoadError, suiteContentHash, suiteText } from "./load";
import { writeSuite } from "./sync-suites";
import { caseKeysHeldElsewhere } from "./case-key-clashes";
import { modelSlugRef } from "../domain/record-id";
import { namedString } from "../domain/free-text";

/** A suite file is text; the largest shipped one is about 400 KB. */
const MAX_SUITE_BYTES = 2_000_000;

export const uploadSuiteSchema = z.object({
  modelSlug: modelSlugRef,
  fileName: namedString("the file's name").min(1).max(255).regex(YAML_FILE_NAME, "a suite file ends in .yaml or .yml"),
  text: z
    .string()
    .min(1, "the file is empty")
    .max(MAX_SUITE_BYTES, `a suite file holds at most ${MAX_SUITE_BYTES / 1_000_000} MB`),
});

/** An uploaded suite file's name and text, read from its bytes (suiteText), or the refusal of them. */
export async function uploadedSuiteFile(upload: File): Promise<{ ok: true; fileName: string; text: string } | InvalidInput> {
  try {
    return { ok: true, fileName: upload.name, text: suiteText(Buffer.from(await upload.arrayBuffer()), upload.name) };
  } catch (error) {
    if (!(error instanceof SuiteLoadError)) throw error;
    return suiteProblems(error);
  }
}

function suiteProblems(error: SuiteLoadError): InvalidInput {
  return invalidInput(
    error.problems.map((problem) => ({ path: "text", message: `${problem.file}:${problem.line} ${problem.field || "(file)"}: ${problem.message}` })),
  );
}

export type UploadSuiteResult =
  | { ok: true; suite: string; use: string; cases: number; changed: boolean; created: boolean; removedCases: number }
  | InvalidInput
  | { ok: false; kind: "not_found"; message: string };

export const uploadSuite = defineCommand({
  name: "suite.upload",
  doing: "uploading a use's test suite",
  role: CELL_EDIT_ROLE,
  schema: uploadSuiteSchema,
  audit: ["suite.upload"],
  async run(db, actor, input): Promise<UploadSuiteResult> {
    let suite: ReturnType<typeof parseSuite>;
    try {
      suite = parseSuite(input.text, input.fileName);
    } catch (error) {
      if (!(error instanceof SuiteLoadError)) throw error;
      return suiteProblems(error);
    }
    const model = await db.model.findUnique({
      where: { slug: input.modelSlug },
      select: {
        id: true,
        uses: { where: { retiredAt: null }, select: { id: true, code: true } },
        risks: { where: { retiredAt: null }, select: { code: true } },
      },
    });
    if (!model) return { ok: false, kind: "not_found", message: `no model ${input.modelSlug}` };
    const problems = await problemsWithModel(db, model, suite);
    if (problems.length > 0) return invalidInput(problems.map((message) => ({ path: "text", message: `${input.fileName}: ${message}` })));

    const use = model.uses.find((candidate) => candidate.code === suite.use)!;
    const written = await writeSuite(db, { id: model.id, useId: use.id }, { suite, contentHash: suiteContentHash(suite) }, actor, "suite.upload");
    return { ok: true, suite: suite.suite, use: suite.use, cases: suite.cases.length, ...written };
  },
});

async function problemsWithModel(
  db: Db,
  model: { id: string; uses: { id: string; code: string }[]; risks: { code: string }[] },
  suite: ReturnType<typeof parseSuite>,
): Promise<string[]> {
  const problems: string[] = [];
  const use = model.uses.find((candidate) => candidate.code === suite.use);
  if (!use) problems.push(`the suite is for ${suite.use}, which this model has not (or has retired)`);
  const risks = new Set(model.risks.map((risk) => risk.code));
  const unknown = [...new Set(suite.cases.flatMap((testCase) => testCase.risks))].filter((code) => !risks.has(code));
  if (unknown.length > 0) problems.push(`its cases name ${unknown.join(", ")}, which this model has not (or has retired)`);

  const sameKeyElsewhere = await db.testSuite.findUnique({ where: { modelId_key: { modelId: model.id, key: suite.suite } }, select: { useId: true } });
  if (use && sameKeyElsewhere && sameKeyElsewhere.useId !== use.id) problems.push(`suite key "${suite.suite}" is already another use's suite`);
  const clashes = await caseKeysHeldElsewhere(db, model.id, suite);
  if (clashes) problems.push(clashes);
  return problems;
}
