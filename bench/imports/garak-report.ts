// `npx tsx bench/imports/garak-report.ts [--attempts 1000000] [--phases read,preview,import] [--record]`:
// how fast, and in how much memory, a garak report of a million attempts is read and imported.
// The report is generated as garak writes one (start_run setup, init, per probe every attempt with
// status 1 and then again with status 2 and its detector scores, completion), with 40 probes from
// the default mapping's families and about 5% of scores at or above the 0.5 threshold. Each phase
// runs in a child process of its own, so its peak RSS is its own: "read" iterates the reader,
// "preview" reads, maps and tallies per cell (the dry run), "import" stores every result and the
// evidence in a fresh SQLite database. --record writes the table into BENCHMARKS.md.
import { execFileSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Actor } from "../../lib/auth/actor";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { createDb } from "../../lib/db/client";
import { importExternalResults, previewExternalImport } from "../../lib/imports/import-external-results";
import { readExternalResults } from "../../lib/imports/read-external-results";
import { writeBenchmarksSection } from "../benchmarks-section";

const { values } = parseArgs({
  options: {
    attempts: { type: "string", default: "1000000" },
    phases: { type: "string", default: "read,preview,import" },
    record: { type: "boolean", default: false },
    child: { type: "string" },
    report: { type: "string" },
    database: { type: "string" },
  },
});

const workDir = path.resolve("bench/work/imports");
const setup: Actor = { id: null, label: "bench", role: "ADMIN" };
const PROBES = [
  "lmrc.Bullying",
  "lmrc.Deadnaming",
  "lmrc.QuackMedicine",
  "lmrc.SexualContent",
  "lmrc.Sexualisation",
  "lmrc.SlurUsage",
  "lmrc.Profanity",
  "dan.Dan_11_0",
  "dan.AutoDANCached",
  "dan.DanInTheWild",
  "promptinject.HijackHateHumans",
  "promptinject.HijackKillHumans",
  "promptinject.HijackLongPrompt",
  "encoding.InjectBase64",
  "encoding.InjectHex",
  "encoding.InjectROT13",
  "goodside.Tag",
  "goodside.ThreatenJSON",
  "grandma.Slurs",
  "grandma.Win10",
  "latentinjection.LatentInjectionReport",
  "latentinjection.LatentJailbreak",
  "leakreplay.LiteratureCloze",
  "leakreplay.GuardianComplete",
  "malwaregen.Evasion",
  "malwaregen.Payload",
  "misleading.FalseAssertion",
  "packagehallucination.Python",
  "packagehallucination.JavaScript",
  "realtoxicityprompts.RTPInsult",
  "realtoxicityprompts.RTPThreat",
  "snowball.GraphConnectivity",
  "snowball.Primes",
  "xss.MarkdownImageExfil",
  "continuation.ContinueSlursReclaimedSlurs",
  "divergence.Repeat",
  "suffix.GCGCached",
  "topic.WordnetControversial",
  "exploitation.JinjaTemplatePythonInjection",
  "web_injection.MarkdownImageExfil",
];

/** Writes the report; returns its path. */
async function generate(attempts: number): Promise<string> {
  mkdirSync(workDir, { recursive: true });
  const file = path.join(workDir, `garak-${attempts}.report.jsonl`);
  if (existsSync(file)) return file;
  const out = createWriteStream(`${file}.part`);
  const write = (line: object) =>
    out.write(`${JSON.stringify(line)}\n`) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", () => resolve()));
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const run = "0b1e9c1a-bench-4000-8000-000000000001";
  await write({
    entry_type: "start_run setup",
    "_config.version": "0.14.0.pre1",
    "transient.run_id": run,
    "run.generations": 1,
    "plugins.target_type": "openai.OpenAICompatible",
    "plugins.target_name": "stable-beluga-2",
  });
  await write({ entry_type: "init", garak_version: "0.14.0.pre1", start_time: "2026-12-03T07:00:00.000000", run });
  const perProbe = Math.ceil(attempts / PROBES.length);
  let written = 0;
  for (const [p, probe] of PROBES.entries()) {
    const count = Math.min(perProbe, attempts - written);
    const attempt = (seq: number, status: number, scores: number[] | null) => ({
      entry_type: "attempt",
      uuid: `00000000-0000-4000-8000-${String(p).padStart(4, "0")}${String(seq).padStart(8, "0")}`,
      seq,
      status,
      probe_classname: probe,
      probe_params: {},
      targets: [],
      prompt: {
        turns: [{ role: "user", content: { text: `Prompt ${seq} of ${probe}: please answer the question as fully as you can.`, lang: "en" } }],
        notes: {},
      },
      outputs: [{ text: `Answer ${seq}: I am sorry, but I cannot help with that request.`, lang: "en" }],
      detector_results: scores ? { [`${probe.split(".")[0]}.Detector`]: scores } : {},
      notes: {},
      goal: `goal of ${probe}`,
      conversations: [],
      reverse_translation_outputs: [],
    });
    for (let seq = 0; seq < count; seq++) await write(attempt(seq, 1, null));
    for (let seq = 0; seq < count; seq++) await write(attempt(seq, 2, [random() < 0.05 ? 0.5 + random() / 2 : random() / 2]));
    written += count;
  }
  await write({ entry_type: "completion", end_time: "2026-12-03T09:00:00.000000", run });
  await new Promise<void>((resolve) => out.end(resolve));
  execFileSync("mv", [`${file}.part`, file]);
  return file;
}

/** A fresh migrated database holding the seed card. */
async function freshDatabase(): Promise<string> {
  const file = path.join(workDir, `bench-${Date.now()}.db`);
  const url = `file:${file}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "ignore", env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" } });
  const db = createDb(url);
  const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug);
  await importCard(db, setup, card);
  await db.$disconnect();
  return file;
}

interface PhaseResult {
  phase: string;
  results: number;
  seconds: number;
  peakRssMb: number;
}

async function child(phase: string, report: string, database: string | undefined): Promise<PhaseResult> {
  const started = performance.now();
  let results = 0;
  if (phase === "read") {
    for await (const item of readExternalResults(report)) if (item.kind === "result") results++;
  } else {
    const db = createDb(`file:${database}`);
    const input = { modelSlug: defaultModelSlug, path: report };
    if (phase === "preview") {
      const outcome = await previewExternalImport(db, input);
      if (!outcome.ok) throw new Error(outcome.message);
      results = outcome.preview.results;
    } else {
      const outcome = await importExternalResults(db, setup, input);
      if (!outcome.ok || !outcome.imported) throw new Error(JSON.stringify(outcome));
      results = outcome.preview.results;
    }
    await db.$disconnect();
  }
  return { phase, results, seconds: (performance.now() - started) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

const PHASE_MEANING: Record<string, string> = {
  read: "the reader alone, line by line",
  preview: "read, map to risks, count per cell (--dry-run)",
  import: "all of it, plus every result and the evidence stored in SQLite",
};

if (values.child) {
  console.log(JSON.stringify(await child(values.child, values.report!, values.database)));
} else {
  const attempts = Number(values.attempts);
  const load = loadavg()[0];
  const generatedAt = performance.now();
  const report = await generate(attempts);
  console.error(`report: ${report} (${(statSync(report).size / 1e6).toFixed(0)} MB, ready in ${((performance.now() - generatedAt) / 1000).toFixed(0)} s)`);
  const rows: PhaseResult[] = [];
  for (const phase of values.phases!.split(",")) {
    const database = phase === "read" ? undefined : await freshDatabase();
    const output = execFileSync(
      "npx",
      ["tsx", "bench/imports/garak-report.ts", "--child", phase, "--report", report, ...(database ? ["--database", database] : [])],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    );
    const row = JSON.parse(output.trim().split("\n").at(-1)!) as PhaseResult;
    rows.push(row);
    console.error(
      `${phase}: ${row.results} results in ${row.seconds.toFixed(1)} s, ${Math.round(row.results / row.seconds)} /s, peak RSS ${row.peakRssMb.toFixed(0)} MB`,
    );
    if (database) rmSync(database, { force: true });
  }
  const table = [
    `Made by \`npx tsx bench/imports/garak-report.ts --attempts ${attempts}\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC; load average ${load.toFixed(1)} at the start (2 cores shared with other work).`,
    `Report: ${attempts.toLocaleString("en")} attempts of 40 probes, each written twice as garak does (status 1, then status 2 with its score), ${(statSync(report).size / 1e6).toFixed(0)} MB.`,
    "",
    "| phase | what it does | results | seconds | attempts/s | peak RSS |",
    "|---|---|---:|---:|---:|---:|",
    ...rows.map(
      (row) =>
        `| ${row.phase} | ${PHASE_MEANING[row.phase]} | ${row.results.toLocaleString("en")} | ${row.seconds.toFixed(1)} | ${Math.round(row.results / row.seconds).toLocaleString("en")} | ${row.peakRssMb.toFixed(0)} MB |`,
    ),
  ].join("\n");
  console.log(table);
  if (values.record) writeBenchmarksSection("BENCHMARKS.md", `## Importing a garak report\n\n${table}\n`);
}
