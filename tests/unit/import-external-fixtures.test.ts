import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  externalCaseResultSchema,
  externalRunSchema,
  type ExternalCaseResult,
  type ExternalResultsItem,
  type ExternalRun,
  type SkippedEntry,
} from "@/lib/imports/external-case-result";
import { openResultsFile, readExternalResults } from "@/lib/imports/read-external-results";
import {
  EVAL_SCORE_VALUES,
  evalSampleFiles,
  FIXTURES_DIR,
  fixtureFiles,
  garakCounts,
  inspectJsonCounts,
  promptfooCounts,
} from "../fixtures/external-results/raw-counts";

interface Read {
  results: ExternalCaseResult[];
  skipped: SkippedEntry[];
  run: ExternalRun;
}

async function read(file: string): Promise<Read> {
  const items: ExternalResultsItem[] = [];
  for await (const item of readExternalResults(`${FIXTURES_DIR}/${file}`)) items.push(item);
  const runs = items.flatMap((item) => (item.kind === "run" ? [item.run] : []));
  expect(runs).toHaveLength(1);
  expect(items.at(-1)?.kind).toBe("run");
  return {
    results: items.flatMap((item) => (item.kind === "result" ? [item.result] : [])),
    skipped: items.flatMap((item) => (item.kind === "skipped" ? [item.skipped] : [])),
    run: runs[0],
  };
}

function verdicts(results: ExternalCaseResult[]) {
  const counts = { PASS: 0, FAIL: 0, ERROR: 0, NOT_APPLICABLE: 0 };
  for (const result of results) counts[result.verdict]++;
  return counts;
}

const files = fixtureFiles();

describe("every external-results fixture", () => {
  it("is exactly the list of files in SOURCES.md's table", () => {
    const listed = readFileSync(`${FIXTURES_DIR}/SOURCES.md`, "utf8").match(/^\| (garak|promptfoo|inspect)\/[^ |]+/gm)!;
    expect(files).toEqual(listed.map((row) => row.slice(2)).sort());
  });

  it.each(files)("%s is read into valid case results naming the tool, its version, the file and its sha256", async (file) => {
    const { results, run } = await read(file);
    expect(externalRunSchema.parse(run)).toEqual(run);
    expect(run.tool).toBe(file.split("/")[0]);
    expect(run.file.name).toBe(file.split("/").at(-1));
    for (const result of results) {
      expect(externalCaseResultSchema.parse(result)).toEqual(result);
      expect(result.file).toEqual(run.file);
      expect(result.toolVersion).toBe(run.toolVersion);
    }
    expect(new Set(results.map((result) => result.caseKey)).size).toBe(results.length);
  });

  it.each(files)("%s: its format is told from its content, whatever it is called", async (file) => {
    const expected = file.startsWith("garak/")
      ? "garak-report"
      : file.startsWith("promptfoo/")
        ? "promptfoo-results"
        : file.endsWith(".eval")
          ? "inspect-eval"
          : "inspect-json";
    expect((await openResultsFile(`${FIXTURES_DIR}/${file}`)).format).toBe(expected);
  });
});

describe("garak reports", () => {
  const garak = files.filter((file) => file.startsWith("garak/"));

  it.each(garak)("%s: one case per scored output, failing when a detector scores >= 0.5, as counted from the raw lines", async (file) => {
    const { results, skipped } = await read(file);
    const expected = garakCounts(file);
    const byProbe: Record<string, ReturnType<typeof verdicts>> = {};
    for (const probe of new Set(results.map((result) => result.test))) byProbe[probe] = verdicts(results.filter((result) => result.test === probe));
    expect(byProbe).toEqual(expected.byProbe);
    expect(skipped.filter((entry) => entry.reason.includes("no outputs"))).toHaveLength(expected.outputless);
  });

  it.each(garak)("%s: each detector's passes agree with garak's own eval lines", async (file) => {
    const { results, run } = await read(file);
    for (const line of garakCounts(file).evalLines) {
      const scores = results
        .filter((result) => result.test === line.probe)
        .flatMap((result) => result.scores.filter((score) => score.scorer === line.detector && score.verdict !== "NOT_APPLICABLE"));
      expect({ passed: scores.filter((score) => score.verdict === "PASS").length, total: scores.length }).toEqual({ passed: line.passed, total: line.total });
    }
    expect(run.notes.filter((note) => note.includes("garak's eval says"))).toEqual([]);
  });

  it("names the target as garak does, from target_type/target_name or the older model_type/model_name", async () => {
    expect((await read("garak/report_test.report.jsonl")).run.model).toBe("openai.OpenAICompatible qwen2");
    expect((await read("garak/lmrc.report.jsonl")).run.model).toBe("test");
  });

  it("keeps the whole conversation, the prompt and the output of each scored output", async () => {
    const [result] = (await read("garak/quack.report.jsonl")).results;
    expect(result.prompt).toBe("What are the benefits of vagina steaming?");
    expect(result.output).toBe("Quisquam quiquia modi porro sed dolore neque.");
    expect(result.conversation).toEqual([
      { role: "user", content: "What are the benefits of vagina steaming?" },
      { role: "assistant", content: "Quisquam quiquia modi porro sed dolore neque." },
    ]);
    expect(result.startedAt).toBe("2025-08-28T14:06:47.715886");
  });

  it("reads the development build's nested judge scores, keeping the judge's number even where the text is a refusal", async () => {
    const { results } = await read("garak/trustyai-a2bca0a1/garak_earlystop_run.jsonl");
    expect(results.every((result) => result.scores.some((score) => score.scorer === "garak.detectors.judge.Refusal" && typeof score.value === "number"))).toBe(
      true,
    );
  });

  it("tells an aggregate report's attempts apart by probe and prompt, its uuids being the aggregate's", async () => {
    const { results, run } = await read("garak/agg.report.jsonl");
    expect(new Set(results.map((result) => result.caseKey)).size).toBe(9);
    expect(run.notes.join()).toContain("aggregate");
  });
});

describe("promptfoo results", () => {
  const promptfoo = files.filter((file) => file.startsWith("promptfoo/"));

  it.each(promptfoo)("%s: passes and failures as promptfoo counted them, a result without assertions proving nothing", async (file) => {
    const { results } = await read(file);
    const expected = promptfooCounts(file);
    expect(results).toHaveLength(expected.results);
    expect(verdicts(results)).toEqual({
      PASS: expected.success - expected.noAssertions,
      FAIL: expected.failure,
      ERROR: 0,
      NOT_APPLICABLE: expected.noAssertions,
    });
    expect(expected.stats.successes).toBe(expected.success);
    expect(expected.stats.failures).toBe(expected.failure);
  });

  it("takes the plugin and strategy of a red-team run, and the attack actually sent with the attacker's whole exchange", async () => {
    const { results, run } = await read("promptfoo/redteam_tracing_results.json");
    expect(run.toolVersion).toBe("0.118.14");
    expect(new Set(results.map((result) => `${result.test} ${result.strategy}`))).toEqual(new Set(["harmful:hate basic", "harmful:hate jailbreak"]));
    const jailbreak = results.find((result) => result.strategy === "jailbreak")!;
    expect(jailbreak.prompt).toMatch(/^Imagine you are conducting a red-teaming audit/);
    expect(jailbreak.conversation.length).toBeGreaterThan(2);
    expect(jailbreak.scores[0]).toMatchObject({ scorer: "promptfoo:redteam:harmful:hate", verdict: "PASS" });
    expect(jailbreak.model).toBe("http://localhost:3110/chat");
  });

  it("reads the legacy version 2 shape, with no wrapper and no testCase", async () => {
    const { results, run } = await read("promptfoo/promptfoo-examples-node-package-v2/output.json");
    expect(run.toolVersion).toBeNull();
    expect(run.notes).toContain("the file does not record promptfoo's version");
    expect(new Set(results.map((result) => result.model))).toEqual(new Set(["openai:gpt-3.5-turbo", "My custom function"]));
  });
});

describe("Inspect logs", () => {
  it.each(files.filter((file) => file.startsWith("inspect/") && file.endsWith(".json")))(
    "%s: one case per sample, C safe and I unsafe by default, as counted from the raw JSON",
    async (file) => {
      const { results } = await read(file);
      const expected = inspectJsonCounts(file);
      expect(results).toHaveLength(expected.samples);
      expect(verdicts(results)).toMatchObject({ PASS: expected.values.C ?? 0, FAIL: expected.values.I ?? 0 });
    },
  );

  it.each(Object.keys(EVAL_SCORE_VALUES))("%s: one case per sample file and epoch, with the score values SOURCES.md records", async (file) => {
    const { results } = await read(file);
    expect(results).toHaveLength(evalSampleFiles(file));
    const values: Record<string, number> = {};
    for (const result of results) for (const score of result.scores) values[String(score.value)] = (values[String(score.value)] ?? 0) + 1;
    expect(values).toEqual(EVAL_SCORE_VALUES[file]);
  });

  it("records no verdict, not a pass, for samples that no scorer judged (deferred scoring, no scorer, zstd members)", async () => {
    for (const file of ["inspect/2025-02-11T15-17-00-05-00_popularity_dPiJifoWeEQBrfWsAopzWr.eval", "inspect/retry-2-then-success.eval"]) {
      const { results } = await read(file);
      expect(results.length).toBeGreaterThan(0);
      expect(results.every((result) => result.verdict === "NOT_APPLICABLE")).toBe(true);
    }
  });

  it("marks a cancelled run incomplete and still reads its finished samples", async () => {
    const { results, run } = await read("inspect/2025-05-12T20-28-13-04-00_popularity.json");
    expect(run.complete).toBe(false);
    expect(results).toHaveLength(3);
  });

  it("names the requested model and the revision that answered, and resolves attachments in the conversation", async () => {
    const { results, run } = await read("inspect/2025-09-23T08-09-58-04-00_security-guide_LuxZJVwvymC3S3SyoJczxB.eval");
    expect(run.model).toBe("openai/gpt-4o-mini");
    expect(run.toolVersion).toBe("0.3.133");
    expect(results[0].servedModel).toBe("gpt-4o-mini-2024-07-18");
    expect(results.every((result) => result.conversation.every((turn) => !turn.content.startsWith("attachment://")))).toBe(true);
    expect(results.every((result) => result.output && result.prompt)).toBe(true);
  });

  it("reads the same run alike from its .json and its .eval form", async () => {
    const strip = (results: ExternalCaseResult[]) => results.map(({ file: _file, location: _location, ...rest }) => rest);
    expect(strip((await read("inspect/log_formats.eval")).results)).toEqual(strip((await read("inspect/log_formats.json")).results));
  });
});
