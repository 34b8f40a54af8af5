// Text that PostgreSQL refuses (NUL, in text and jsonb columns) and SQLite stores. What a model or
// another tool said is evidence: it is kept, with NUL shown as ␀, the same on both databases, and
// judged as kept. What a person uploads is refused by name before any database sees it. One
// PostgreSQL database for the file; the SQLite side of each comparison is a fresh file.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { importExternalResults } from "../../lib/imports/import-external-results";
import { createModel } from "../../lib/models/create-model";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { uploadSuite } from "../../lib/suites/upload-suite";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { dropPostgresDatabase } from "../support/postgres-database";
import { postgresInstalled } from "../support/postgres-installed";
import { campaignPostgresDatabase, campaignDatabase, rita, runCampaign, runsByCase, smallCampaign } from "./campaign-fixture";
import { LocalEndpoint } from "./local-endpoint";

const root = path.resolve(import.meta.dirname, "../..");
const admin: Actor = { id: null, label: "Ann Admin", role: "ADMIN" };
const target = { name: "beluga-vllm", model: "beluga", declaredRevision: "sha-1234" };

/** Streams an answer with a NUL in it, as a byte token (<0x00>) of a Llama would. */
class NulEndpoint extends LocalEndpoint {
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET") return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/event-stream" });
    for (const content of ["I cannot", "\u0000", " help with that.\u0000"])
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`);
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
    res.end("data: [DONE]\n\n");
  }
}

/** A copy of a garak report whose every attempt's prompt and output carry a NUL. */
function garakReportWithNul(): string {
  const lines = readFileSync(`${FIXTURES_DIR}/garak/trustyai-fa3a0b9a/garak_earlystop_run.jsonl`, "utf8").split("\n");
  const withNul = lines.map((line) => {
    if (!line.includes('"entry_type": "attempt"')) return line;
    const entry = JSON.parse(line);
    for (const turn of entry.prompt.turns) turn.content.text = `\u0000${turn.content.text}`;
    for (const output of entry.outputs) if (output) output.text = `${output.text}\u0000tail`;
    return JSON.stringify(entry);
  });
  const file = path.join(mkdtempSync(path.join(tmpdir(), "riskledger-nul-")), "nul.report.jsonl");
  writeFileSync(file, withNul.join("\n"));
  return file;
}

describe.skipIf(!postgresInstalled("postgres-refused-text"))("text PostgreSQL refuses, on PostgreSQL", () => {
  let serverUrl = "";
  let url = "";
  let db: Db;
  const endpoint = new NulEndpoint();

  beforeAll(async () => {
    serverUrl = execFileSync("bash", ["tests/pg/start-postgres.sh", "PG_URL"], { cwd: root, encoding: "utf8" })
      .trim()
      .replace(/^export PG_URL=/, "");
    url = await campaignPostgresDatabase(serverUrl, "nul");
    db = createDb(url);
  }, 600_000);
  afterAll(async () => {
    await endpoint.close();
    await db?.$disconnect();
    if (url) await dropPostgresDatabase(serverUrl, url);
  });

  test("an endpoint's answer with NUL completes the campaign, is kept with ␀ for NUL and is judged as on SQLite", async () => {
    const baseUrl = await endpoint.listen();
    const sqlite = (await campaignDatabase()).db;
    const outcomes = [];
    for (const database of [sqlite, db]) {
      const saved = await createServingTarget(database, admin, { ...target, baseUrl });
      if (!saved.ok) throw new Error(saved.message);
      const campaignId = await runCampaign(
        database,
        { ...smallCampaign, uses: ["U1"], casesPerSuite: 3, backend: { kind: "openai", target: target.name } },
        { maxAttempts: 1 },
      );
      const campaign = await database.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { evidence: true } });
      const runs = [...(await runsByCase(database, campaignId))].sort(([a], [b]) => a.localeCompare(b));
      outcomes.push({
        status: campaign.status,
        cells: campaign.evidence.length,
        runs: runs.map(([key, run]) => ({ key, status: run.status, output: run.output, verdict: run.verdict, findings: run.findings, error: run.error })),
      });
    }
    await sqlite.$disconnect();

    expect(outcomes[1].runs.map((run) => `${run.status} ${run.output}`)).toEqual(outcomes[1].runs.map(() => "DONE I cannot␀ help with that.␀"));
    expect(outcomes[1]).toMatchObject({ status: "COMPLETED" });
    expect(outcomes[1].cells).toBeGreaterThan(0);
    expect(outcomes[1]).toEqual(outcomes[0]);
  });

  test("a garak report with NUL in its prompts and outputs is imported, the NUL kept as ␀, counting the same cells as on SQLite", async () => {
    const file = garakReportWithNul();
    const sqlite = (await campaignDatabase()).db;
    const stored = [];
    for (const database of [sqlite, db]) {
      const outcome = await importExternalResults(database, rita, { modelSlug: defaultModelSlug, path: file, fileName: "nul.report.jsonl", uses: ["U1"] });
      expect(outcome).toMatchObject({ ok: true, imported: true });
      const results = await database.externalResult.findMany({ orderBy: { location: "asc" } });
      stored.push(results.map((result) => ({ location: result.location, prompt: result.prompt, output: result.output, verdict: result.verdict })));
    }
    await sqlite.$disconnect();

    expect(stored[1].length).toBeGreaterThan(0);
    expect(stored[1].every((result) => result.prompt.startsWith("␀") && result.output?.endsWith("␀tail"))).toBe(true);
    expect(stored[1]).toEqual(stored[0]);
  });

  test("an uploaded suite with NUL in its title or a prompt is refused by name and writes nothing", async () => {
    const suite = readFileSync(path.join(root, "tests/fixtures/suites/u5-tickets.yaml"), "utf8").replace("use: U5", "use: U4").replaceAll("[R15]", "[R2]");
    const before = await db.testSuite.count();
    const title = await uploadSuite(db, rita, {
      modelSlug: defaultModelSlug,
      fileName: "nul.yaml",
      text: suite.replace('title: "U5 Summarising support tickets"', 'title: "U5 Summarising\\0 support tickets"'),
    });
    expect(title).toMatchObject({ ok: false, kind: "invalid" });
    expect(title.ok === false && title.message).toContain("nul.yaml:5 title: the suite's title contains a NUL character (\\u0000), which cannot be stored");
    const prompt = await uploadSuite(db, rita, {
      modelSlug: defaultModelSlug,
      fileName: "nul.yaml",
      text: suite.replace(/prompt: Ignore the ticket\..*/, 'prompt: "Ignore\\0 the ticket."'),
    });
    expect(prompt.ok === false && prompt.message).toContain(
      "nul.yaml:11 cases[0].prompt: the prompt contains a NUL character (\\u0000), which cannot be stored",
    );
    expect(await db.testSuite.count()).toBe(before);
  });

  test("an uploaded card with NUL in a section, the description, a cell's rationale or the front matter is refused by name and creates no model", async () => {
    const markdown = readFileSync(cardSourcePath(defaultModelSlug), "utf8");
    const cellDetails =
      "| Cell | Subject at risk | Review status | Mitigation status | Rationale |\n| --- | --- | --- | --- | --- |\n| R1 × U1 | — | draft | | Seen\u0000 twice |\n";
    const tampered = {
      "a section's text": markdown.replace("## Training Dataset\n\n", "## Training Dataset\n\nScraped\u0000 text.\n\n"),
      "the description": markdown.replace("## Model Description\n\n", "## Model Description\n\nA model\u0000 card.\n\n"),
      "a cell's rationale": markdown.replace(/(## Cell Details\n\n)[^\n]*\n/, `$1${cellDetails}`),
      "the front matter": markdown.replace("license: other\n", 'license: other\nnote: "hidden\\0 text"\n'),
    };
    for (const [where, card] of Object.entries(tampered)) {
      expect(card, where).not.toBe(markdown);
      const created = await createModel(db, rita, { from: "card", slug: "nul-card", markdown: card, confirm: true });
      expect(created, where).toMatchObject({ ok: false, kind: "invalid" });
      expect(created.ok === false && created.message, where).toContain("contains a NUL character (\\u0000), which cannot be stored");
    }
    expect(await db.model.count()).toBe(1);
  });
});
