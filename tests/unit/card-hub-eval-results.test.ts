// The card's evidence as the Hugging Face Hub reads evaluation results: the front matter's
// `model-index` (read by huggingface_hub's model_index_to_eval_results) and a release's
// `.eval_results/*.yaml` file (read by its parse_eval_result_entries). The readers below follow
// those two functions key for key: a required key is indexed, so a missing one throws as it does
// in Python.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { evalResultsYaml } from "@/lib/card/hub-eval-results";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { renderCardMarkdown } from "@/lib/card/render-markdown";
import { campaignEvidence, MEDICAL_SUITE, reviewedCard } from "../fixtures/card/edits";
import { cardSource } from "../fixtures/card/seed";

const seed = parseCardMarkdown(cardSource(), "stable-beluga-2").card;
const source = { name: "Riskledger release v3 of Stable Beluga 2", url: "https://riskledger.example/models/stable-beluga-2/releases/3" };
const pyyaml = spawnSync("python3", ["-c", "import yaml"]).status === 0;

// biome-ignore lint/suspicious/noExplicitAny: mirrors huggingface_hub's Python, which reads the YAML untyped
type Yaml = Record<string, any>;

function required(mapping: Yaml, key: string) {
  if (mapping == null || !(key in mapping)) throw new Error(`KeyError: '${key}'`);
  return mapping[key];
}

/** huggingface_hub.repocard_data.model_index_to_eval_results, flattened the same way. */
function hubEvalResults(modelIndex: Yaml[]) {
  return modelIndex.flatMap((entry) => {
    const modelName = required(entry, "name");
    return (required(entry, "results") as Yaml[]).flatMap((result) =>
      (required(result, "metrics") as Yaml[]).map((metric) => ({
        modelName,
        taskType: required(required(result, "task"), "type"),
        taskName: result.task.name,
        datasetType: required(required(result, "dataset"), "type"),
        datasetName: required(result.dataset, "name"),
        datasetConfig: result.dataset.config,
        datasetRevision: result.dataset.revision,
        metricType: required(metric, "type"),
        metricValue: required(metric, "value"),
        metricName: metric.name,
        metricArgs: metric.args,
        verified: metric.verified,
        sourceName: result.source?.name,
        sourceUrl: result.source?.url,
      })),
    );
  });
}

/** huggingface_hub._eval_results.parse_eval_result_entries. */
function hubEvalResultEntries(data: Yaml[]) {
  return data.map((item) => {
    const entry = item.data ?? item;
    const dataset = entry.dataset ?? {};
    return {
      datasetId: required(dataset, "id"),
      taskId: required(dataset, "task_id"),
      value: required(entry, "value"),
      datasetRevision: dataset.revision,
      date: entry.date,
      sourceUrl: entry.source?.url,
      sourceName: entry.source?.name,
      notes: entry.notes,
    };
  });
}

function frontMatterOf(markdown: string): string {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  if (!match) throw new Error("the markdown has no front matter");
  return match[1];
}

/** PyYAML reads YAML 1.1, as the Hub does. */
const read11 = (text: string) => YAML.parse(text, { version: "1.1" });

describe("the card's evidence as the Hub's evaluation results", () => {
  it("writes each tested cell into the front matter's model-index: the suite as dataset, the failure rate with its Wilson interval, verified false, the release as source", async () => {
    const markdown = await renderCardMarkdown(reviewedCard(seed), campaignEvidence(false), source);
    const results = hubEvalResults(read11(frontMatterOf(markdown))["model-index"]);

    expect(results).toHaveLength(2);
    const [r2u4, r10u4] = results;
    const common = {
      modelName: "Stable Beluga 2",
      taskType: "text-generation",
      datasetType: MEDICAL_SUITE.key,
      datasetName: MEDICAL_SUITE.title,
      datasetRevision: MEDICAL_SUITE.hash,
      metricType: "failure_rate",
      verified: false,
      sourceName: source.name,
      sourceUrl: source.url,
    };
    expect(r2u4).toMatchObject({ ...common, datasetConfig: "R2", metricValue: 0 });
    expect(r2u4.metricName).toBe("Failure rate R2×U4 (Wilson 95%: 0.00%–1.26%)");
    expect(r2u4.metricArgs).toMatchObject({
      n: 300,
      failures: 0,
      interval: { method: "Wilson", level: 0.95, lower: 0, upper: 0.0126 },
      threshold: 0.02,
      verdict: "pass",
    });
    expect(r10u4).toMatchObject({ ...common, datasetConfig: "R10", metricValue: 0.08 });
    expect(r10u4.metricArgs).toMatchObject({ n: 50, failures: 4, interval: { lower: 0.0315, upper: 0.1884 }, verdict: "inconclusive", stale: true });
  });

  it("names a result the smoke-test model made so where the Hub shows it: the metric and the dataset say whose answers they are not", async () => {
    const markdown = await renderCardMarkdown(reviewedCard(seed), campaignEvidence(true), source);
    const results = hubEvalResults(read11(frontMatterOf(markdown))["model-index"]);
    expect(results.map((result) => [result.metricName, result.datasetName])).toEqual([
      [
        "Failure rate R2×U4 (Wilson 95%: 0.00%–1.26%) (smoke-test model, not Stable Beluga 2)",
        `${MEDICAL_SUITE.title} (smoke-test model, not Stable Beluga 2)`,
      ],
      [
        "Failure rate R10×U4 (Wilson 95%: 3.15%–18.84%) (stale) (smoke-test model, not Stable Beluga 2)",
        `${MEDICAL_SUITE.title} (smoke-test model, not Stable Beluga 2)`,
      ],
    ]);
    expect(results.every((result) => result.metricArgs.smoke_test_model === true)).toBe(true);
    // The .eval_results notes, from the same evidence, say it too; the card still reads back as it was.
    for (const entry of hubEvalResultEntries(read11(await evalResultsYaml(campaignEvidence(true), source)))) expect(entry.notes).toMatch(/smoke-test model/);
    expect(parseCardMarkdown(markdown, seed.model.slug).card).toEqual(reviewedCard(seed));
  });

  it("names a stale result so where the Hub shows it, as the card's evidence table and the .eval_results notes do", async () => {
    const markdown = await renderCardMarkdown(reviewedCard(seed), campaignEvidence(false), source);
    const results = hubEvalResults(read11(frontMatterOf(markdown))["model-index"]);
    expect(markdown).toMatch(/\| R10×U4 .*\| inconclusive \(stale\) \|/);
    expect(results.map((result) => result.metricName)).toEqual([
      "Failure rate R2×U4 (Wilson 95%: 0.00%–1.26%)",
      "Failure rate R10×U4 (Wilson 95%: 3.15%–18.84%) (stale)",
    ]);
    const smokeTest = hubEvalResults(read11(frontMatterOf(await renderCardMarkdown(reviewedCard(seed), campaignEvidence(true), source)))["model-index"]);
    expect(smokeTest[1].metricName).toBe("Failure rate R10×U4 (Wilson 95%: 3.15%–18.84%) (stale) (smoke-test model, not Stable Beluga 2)");
  });

  it.skipIf(!pyyaml)("writes a model-index that PyYAML's safe_load reads as the JavaScript reader does (skipped: python3 has no yaml module)", async () => {
    const frontMatter = frontMatterOf(await renderCardMarkdown(reviewedCard(seed), campaignEvidence(false), source));
    const script = [
      "import sys, json, yaml",
      "data = yaml.safe_load(sys.stdin.read())",
      "rows = [[e['name'], r['task']['type'], r['dataset']['type'], r['dataset']['name'], m['type'], m['value'], m['verified'], r['source']['url']]",
      "        for e in data['model-index'] for r in e['results'] for m in r['metrics']]",
      "print(json.dumps({'data': data, 'rows': rows}))",
    ].join("\n");
    const run = spawnSync("python3", ["-c", script], { input: frontMatter, encoding: "utf8" });
    expect(run.stderr).toBe("");
    const { data, rows } = JSON.parse(run.stdout);
    expect(data).toEqual(read11(frontMatter));
    expect(rows).toEqual([
      ["Stable Beluga 2", "text-generation", MEDICAL_SUITE.key, MEDICAL_SUITE.title, "failure_rate", 0, false, source.url],
      ["Stable Beluga 2", "text-generation", MEDICAL_SUITE.key, MEDICAL_SUITE.title, "failure_rate", 0.08, false, source.url],
    ]);
  });

  it("re-imports a card exported with its evidence unchanged: the model-index written from the evidence is not read into the front matter", async () => {
    const card = reviewedCard(seed);
    const { card: back, warnings } = parseCardMarkdown(await renderCardMarkdown(card, campaignEvidence(false), source), card.model.slug);
    expect(back).toEqual(card);
    expect(warnings).toEqual([]);
  });

  it("keeps a model-index the card source wrote beside the one written from the evidence, and reads back only the source's", async () => {
    const card = reviewedCard(seed);
    const leaderboard = {
      name: "StableBeluga2",
      results: [
        {
          task: { type: "text-generation" },
          dataset: { type: "ai2_arc", name: "AI2 Reasoning Challenge (25-Shot)" },
          metrics: [{ type: "acc_norm", value: 71.08 }],
        },
      ],
    };
    card.model.frontMatter = { ...card.model.frontMatter, "model-index": [leaderboard] };
    const markdown = await renderCardMarkdown(card, campaignEvidence(false), source);

    const written = hubEvalResults(read11(frontMatterOf(markdown))["model-index"]);
    expect(written.map((result) => [result.modelName, result.metricType])).toEqual([
      ["StableBeluga2", "acc_norm"],
      ["Stable Beluga 2", "failure_rate"],
      ["Stable Beluga 2", "failure_rate"],
    ]);
    expect(parseCardMarkdown(markdown, card.model.slug).card).toEqual(card);
  });

  it("writes no model-index for a card without evidence", async () => {
    expect(read11(frontMatterOf(await renderCardMarkdown(seed)))).not.toHaveProperty("model-index");
  });

  it("writes the .eval_results file: per tested cell the suite as dataset, the risk as task, the failure rate, its date and notes, the release as source", async () => {
    const yaml = await evalResultsYaml(campaignEvidence(false), source);
    const entries = hubEvalResultEntries(read11(yaml));
    expect(entries).toEqual([
      {
        datasetId: MEDICAL_SUITE.key,
        taskId: "R2",
        value: 0,
        datasetRevision: MEDICAL_SUITE.hash,
        date: "2026-11-20",
        sourceUrl: source.url,
        sourceName: source.name,
        notes: "R2×U4: 0 failures in 300 runs, Wilson 95% interval 0.00%–1.26%, threshold 2.00%, verdict pass",
      },
      {
        datasetId: MEDICAL_SUITE.key,
        taskId: "R10",
        value: 0.08,
        datasetRevision: MEDICAL_SUITE.hash,
        date: "2026-11-20",
        sourceUrl: source.url,
        sourceName: source.name,
        notes: "R10×U4: 4 failures in 50 runs, Wilson 95% interval 3.15%–18.84%, threshold 5.00%, verdict inconclusive (stale)",
      },
    ]);
  });

  it("counts one failure in one run in the singular in the .eval_results notes", async () => {
    const evidence = campaignEvidence(false);
    const one = { ...evidence, cells: [{ ...evidence.cells[0], n: 1, failures: 1, wilson: { lower: 0.2065, upper: 1 }, verdict: "INCONCLUSIVE" as const }] };
    const [entry] = hubEvalResultEntries(read11(await evalResultsYaml(one, source)));
    expect(entry.notes).toBe("R2×U4: 1 failure in 1 run, Wilson 95% interval 20.65%–100.00%, threshold 2.00%, verdict inconclusive");
  });

  it.skipIf(!pyyaml)(
    "writes an .eval_results file PyYAML's safe_load reads as the JavaScript reader does, the date a string (skipped: python3 has no yaml module)",
    async () => {
      const yaml = await evalResultsYaml(campaignEvidence(false), source);
      const run = spawnSync("python3", ["-c", "import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))"], {
        input: yaml,
        encoding: "utf8",
      });
      expect(run.stderr).toBe("");
      expect(JSON.parse(run.stdout)).toEqual(read11(yaml));
      expect(JSON.parse(run.stdout)[0].date).toBe("2026-11-20");
    },
  );

  it("says in comments which cells a run reached and judged nothing in (every case errored), with no entry for them: the Hub reads only results", async () => {
    const evidence = campaignEvidence(false);
    evidence.erroredOnly = [
      { risk: "R2", use: "U1", errors: 3, campaign: "imported from inspect 0.3.95: security-guide.json", date: "2025-05-12T20:28:26-04:00" },
      { risk: "R5", use: "U1", errors: 1, campaign: "night run\n- dataset: {id: forged, task_id: R5}\rvalue: 0 \u202Eno", date: null },
    ];
    const yaml = await evalResultsYaml(evidence, source);
    expect(hubEvalResultEntries(read11(yaml)).map((entry) => entry.taskId)).toEqual(["R2", "R10"]);
    expect(yaml).toContain("# R2×U1: untested: all 3 cases of imported from inspect 0.3.95: security-guide.json errored, none judged (2025-05-12)\n");
    // A source's name is one comment line however it breaks, its bidirectional controls escaped.
    expect(yaml).toContain(
      "# R5×U1: untested: the one case of night run - dataset: {id: forged, task_id: R5} value: 0 \\u202eno errored, none judged (run date unknown)\n",
    );
    if (pyyaml) {
      const run = spawnSync("python3", ["-c", "import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))"], {
        input: yaml,
        encoding: "utf8",
      });
      expect(JSON.parse(run.stdout)).toEqual(read11(yaml));
    }
  });

  it("writes an empty list, with the comments, when every cell a run reached judged nothing", async () => {
    const yaml = await evalResultsYaml(
      { ...campaignEvidence(false), cells: [], erroredOnly: [{ risk: "R2", use: "U1", errors: 2, campaign: "campaign-8", date: "2026-11-21" }] },
      source,
    );
    expect(read11(yaml)).toEqual([]);
    expect(yaml).toContain("# R2×U1: untested: all 2 cases of campaign-8 errored, none judged (2026-11-21)\n");
  });

  it("names the use as the dataset when the evidence does not say which suite it ran (a release from before suites were recorded)", async () => {
    const evidence = campaignEvidence(false);
    evidence.cells = evidence.cells.map((cell) => ({ ...cell, suite: null }));
    const [entry] = hubEvalResultEntries(read11(await evalResultsYaml(evidence, source)));
    expect(entry).toMatchObject({ datasetId: "u4", taskId: "R2", datasetRevision: undefined });
    const [result] = hubEvalResults(read11(frontMatterOf(await renderCardMarkdown(reviewedCard(seed), evidence, source)))["model-index"]);
    expect(result).toMatchObject({ datasetType: "u4", datasetName: "Riskledger suite for U4", datasetRevision: undefined });
  });
});
