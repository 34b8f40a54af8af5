// An imported run's evidence is dated by the run, as its tool recorded it (garak's start and
// completion entries, promptfoo's creation time, Inspect's eval.created and stats.completed_at),
// not by the day it was imported; the import's own day is kept beside it. Which evidence is current
// and what the card says go by the run's date; a file that records none says "run date unknown".
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultModelSlug } from "../../lib/content/paths";
import { loadModelEvidence } from "../../lib/evidence/cell-evidence";
import { loadFrameworks } from "../../lib/frameworks/crosswalk";
import { frameworkFile } from "../../lib/frameworks/framework-file";
import { importedEvidenceLabel } from "../../lib/evidence/imported-source";
import { importExternalResults, previewExternalImport } from "../../lib/imports/import-external-results";
import { liveCardFile } from "../../lib/releases/card-export";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { runCli } from "../support/run-cli";
import { campaignDatabase, rita } from "./campaign-fixture";

const SECURITY_GUIDE_EVAL = `${FIXTURES_DIR}/inspect/2025-09-23T08-09-58-04-00_security-guide_LuxZJVwvymC3S3SyoJczxB.eval`;
const SECURITY_GUIDE_JSON = `${FIXTURES_DIR}/inspect/2025-05-12T20-28-26-04-00_security-guide.json`;

function derivedFile(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "run-date-")), name);
  writeFileSync(file, text);
  return file;
}

/** The Inspect JSON fixture with its run's times replaced. */
function inspectLogDated(name: string, dates: { created: string; started: string; completed: string }): string {
  const log = JSON.parse(readFileSync(SECURITY_GUIDE_JSON, "utf8"));
  log.eval.created = dates.created;
  log.stats.started_at = dates.started;
  log.stats.completed_at = dates.completed;
  return derivedFile(name, JSON.stringify(log));
}

async function imported(file: string, uses = ["U1"]) {
  const { db } = await campaignDatabase();
  const outcome = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: file, uses });
  if (!outcome.ok || !outcome.imported) throw new Error(JSON.stringify(outcome));
  return { db, outcome };
}

/** garak's quack report with its run's end_time written as `time` (JSON text: a quoted string, or a bare number). */
function garakEndedAt(name: string, time: string): string {
  const quack = readFileSync(`${FIXTURES_DIR}/garak/quack.report.jsonl`, "utf8");
  return derivedFile(name, quack.replace('"end_time": "2025-08-28T14:06:48.670733"', `"end_time": ${time}`));
}

/** Previewing and importing `file` are both refused with `message`, and nothing is stored. */
async function expectRefusedStoringNothing(file: string, message: string) {
  const { db } = await campaignDatabase();
  try {
    const refusal = { ok: false, kind: "invalid", message };
    expect(await previewExternalImport(db, { modelSlug: defaultModelSlug, path: file, uses: ["U1"] }), file).toEqual(refusal);
    expect(await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: file, uses: ["U1"] }), file).toEqual(refusal);
    expect(await db.externalImport.count(), file).toBe(0);
    expect(await db.evidence.count({ where: { importId: { not: null } } }), file).toBe(0);
  } finally {
    await db.$disconnect();
  }
}

describe("the date of an imported run's evidence", () => {
  it("is when the run ended by the tool's own record, in UTC, with the import's own day kept beside it", async () => {
    for (const [file, cell, runDate] of [
      // garak writes local time with no zone: read as UTC.
      [`${FIXTURES_DIR}/garak/quack.report.jsonl`, "R4-U1", "2025-08-28T14:06:48.670Z"],
      // stats.completed_at 2025-09-23T08:10:31-04:00.
      [SECURITY_GUIDE_EVAL, "R2-U1", "2025-09-23T12:10:31.000Z"],
      // promptfoo records when the eval was created, and when the file was exported (a minute later here, or months).
      [`${FIXTURES_DIR}/promptfoo/redteam_tracing_results.json`, "R1-U1", "2025-10-10T22:58:01.385Z"],
      // An aggregate of garak runs: its init entry's start_time is when it was aggregated (2026-07-09), orig_start_time the run's.
      [`${FIXTURES_DIR}/garak/agg.report.jsonl`, "R4-U1", "2025-08-28T14:06:53.103Z"],
    ]) {
      const before = Date.now();
      const { db } = await imported(file);
      const evidence = (await loadModelEvidence(db, defaultModelSlug)).cells[cell];
      expect(evidence?.date, file).toBe(runDate);
      expect(Date.parse(evidence!.importedFrom!.importedAt), file).toBeGreaterThanOrEqual(before - 1000);
      const card = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
      const row = card.split("\n").find((line) => line.startsWith(`| ${cell.replace("-", "×")} `) && line.includes("imported from"));
      expect(row, file).toContain(`| ${runDate.slice(0, 10)} |`);
      const cyclonedx = (await liveCardFile(db, defaultModelSlug, "cdx"))!.body;
      expect(cyclonedx, file).toContain(`date=${runDate};`);
      await db.$disconnect();
    }
  });

  it("keeps the run that ran last as the cell's current evidence, whichever was imported last", async () => {
    const { db } = await campaignDatabase();
    // The September run first, then the May run of the same task: the September run stays current.
    for (const file of [SECURITY_GUIDE_EVAL, SECURITY_GUIDE_JSON])
      expect(await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: file, uses: ["U1"] })).toMatchObject({ ok: true, imported: true });
    expect((await loadModelEvidence(db, defaultModelSlug)).cells["R2-U1"]).toMatchObject({ n: 16, date: "2025-09-23T12:10:31.000Z" });
    await db.$disconnect();
  });

  it("reads a time in any zone as the moment it names", async () => {
    const file = inspectLogDated("kolkata.json", {
      created: "2025-03-01T23:50:00+05:30",
      started: "2025-03-01T23:50:00+05:30",
      completed: "2025-03-02T00:20:00+05:30",
    });
    const { db } = await imported(file);
    expect((await loadModelEvidence(db, defaultModelSlug)).cells["R2-U1"].date).toBe("2025-03-01T18:50:00.000Z");
    await db.$disconnect();
  });

  it("says a run time written with no time zone (garak's, the local time of the machine that ran it) has its time zone not recorded, rather than presenting it as UTC", async () => {
    const quack = `${FIXTURES_DIR}/garak/quack.report.jsonl`;
    const { db, url } = await campaignDatabase();
    const previewed = await previewExternalImport(db, { modelSlug: defaultModelSlug, path: quack, uses: ["U1"] });
    if (!previewed.ok) throw new Error(JSON.stringify(previewed));
    expect(previewed.preview.run.notes.join("\n")).toContain("time zone not recorded");
    const dryRun = await runCli("cli/riskledger.ts", ["evidence", "import", "--dry-run", "--use", "U1", quack], url);
    expect(dryRun.stdout).toContain("ran 2025-08-28 14:06 (time zone not recorded)");
    expect(dryRun.stdout).not.toContain("14:06 UTC");
    await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: quack, uses: ["U1"] });
    const evidence = (await loadModelEvidence(db, defaultModelSlug)).cells["R4-U1"];
    expect(importedEvidenceLabel(evidence.importedFrom!)).toContain("time zone not recorded");
    const card = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
    const row = card.split("\n").find((line) => line.startsWith("| R4×U1 ") && line.includes("imported from"));
    expect(row).toContain("time zone not recorded");
    await db.$disconnect();

    // A time with its zone (Inspect's) says nothing of the kind.
    const zoned = await imported(SECURITY_GUIDE_EVAL);
    const inspectEvidence = (await loadModelEvidence(zoned.db, defaultModelSlug)).cells["R2-U1"];
    expect(importedEvidenceLabel(inspectEvidence.importedFrom!)).not.toContain("time zone");
    expect(zoned.outcome.preview.run.notes.join("\n")).not.toContain("time zone");
    await zoned.db.$disconnect();
  });

  it("refuses a date that is not on the calendar, naming the field, rather than rolling it over to the next month", async () => {
    const garakEnded = garakEndedAt("feb-30.report.jsonl", '"2025-02-30T14:06:48.670733"');
    const inspectStarted = inspectLogDated("april-31.json", {
      created: "2025-04-30T10:00:00-04:00",
      started: "2025-04-31T10:00:00-04:00",
      completed: "2025-05-01T10:05:00-04:00",
    });
    for (const [file, message] of [
      [garakEnded, "feb-30.report.jsonl, line 6: end_time 2025-02-30T14:06:48.670733 is not a date: February 2025 has 28 days"],
      [inspectStarted, "april-31.json: stats.started_at 2025-04-31T10:00:00-04:00 is not a date: April 2025 has 30 days"],
    ]) {
      await expectRefusedStoringNothing(file, message);
    }
  });

  it("refuses a time of day no clock shows (hour 25, minute 61, offset +25:00), naming the field, rather than calling the run date unknown", async () => {
    const garakEnded = garakEndedAt("hour-25.report.jsonl", '"2025-08-28T25:06:48.670733"');
    const inspectCompleted = inspectLogDated("minute-61.json", {
      created: "2025-04-30T10:00:00-04:00",
      started: "2025-04-30T10:00:00-04:00",
      completed: "2025-04-30T10:61:00-04:00",
    });
    const inspectOffset = inspectLogDated("offset-25.json", {
      created: "2025-04-30T10:00:00-04:00",
      started: "2025-04-30T10:00:00-04:00",
      completed: "2025-04-30T10:05:00+25:00",
    });
    for (const [file, message] of [
      [garakEnded, "hour-25.report.jsonl, line 6: end_time 2025-08-28T25:06:48.670733 is not a time: there is no hour 25"],
      [inspectCompleted, "minute-61.json: stats.completed_at 2025-04-30T10:61:00-04:00 is not a time: there is no minute 61"],
      // Not the run's start in its place, as when the end was unreadable.
      [inspectOffset, "offset-25.json: stats.completed_at 2025-04-30T10:05:00+25:00 is not a time: there is no UTC offset +25:00"],
    ]) {
      await expectRefusedStoringNothing(file, message);
    }
  });

  it('checks a time written with a space for its "T" (as Python\'s str() writes it) as it checks one with the "T", and dates the run by it rather than by its start', async () => {
    const ended = (name: string, time: string) => garakEndedAt(name, JSON.stringify(time));
    for (const [file, message] of [
      [
        ended("space-feb-30.report.jsonl", "2025-02-30 14:06:48"),
        "space-feb-30.report.jsonl, line 6: end_time 2025-02-30 14:06:48 is not a date: February 2025 has 28 days",
      ],
      [
        ended("space-hour-25.report.jsonl", "2025-08-28 25:06:48"),
        "space-hour-25.report.jsonl, line 6: end_time 2025-08-28 25:06:48 is not a time: there is no hour 25",
      ],
    ]) {
      await expectRefusedStoringNothing(file, message);
    }
    const { db } = await imported(ended("space.report.jsonl", "2025-08-28 14:06:48.670733"));
    expect((await loadModelEvidence(db, defaultModelSlug)).cells["R4-U1"].date).toBe("2025-08-28T14:06:48.670Z");
    await db.$disconnect();
  });

  it("refuses a time written as a number, naming the field, rather than dating the run by its start without a word", async () => {
    await expectRefusedStoringNothing(
      garakEndedAt("number.report.jsonl", "1756390008.670733"),
      'number.report.jsonl, line 6: end_time is the number 1756390008.670733, not a time written as text ("2025-08-28T14:06:48"): its unit and time zone cannot be told',
    );
  });

  it("says the run date is unknown, in the preview, the evidence and the card, for a file that records none or one dated after its import", async () => {
    // promptfoo's -o results.jsonl: the results alone, with no date of the run.
    const results = JSON.parse(readFileSync(`${FIXTURES_DIR}/promptfoo/redteam_tracing_results.json`, "utf8")).results.results as unknown[];
    const undated = derivedFile("undated.jsonl", `${results.map((result) => JSON.stringify(result)).join("\n")}\n`);
    const future = inspectLogDated("future.json", {
      created: "2099-01-01T10:00:00-04:00",
      started: "2099-01-01T10:00:00-04:00",
      completed: "2099-01-01T10:05:00-04:00",
    });
    for (const [file, cell, note] of [
      [undated, "R1-U1", "the file records no date of the run: run date unknown"],
      [future, "R2-U1", "the file dates the run 2099-01-01T10:05:00-04:00, after its import: run date unknown"],
    ]) {
      const { db } = await campaignDatabase();
      const previewed = await previewExternalImport(db, { modelSlug: defaultModelSlug, path: file, uses: ["U1"] });
      if (!previewed.ok) throw new Error(previewed.message);
      expect(previewed.preview.run.notes, file).toContain(note);
      await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: file, uses: ["U1"] });
      expect((await db.externalImport.findFirstOrThrow()).notes, file).toContain(note);
      expect((await loadModelEvidence(db, defaultModelSlug)).cells[cell].date, file).toBeNull();
      const card = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
      const row = card.split("\n").find((line) => line.startsWith(`| ${cell.replace("-", "×")} `) && line.includes("imported from"));
      expect(row, file).toContain("| run date unknown |");
      expect(card, file).not.toContain("2099");
      // The frameworks' downloads say so too, rather than the blank an untested cell gets.
      const risk = cell.split("-")[0];
      const framework = loadFrameworks().find((candidate) => candidate.controls.some((control) => control.risks.includes(risk)))!;
      const markdown = (await frameworkFile(db, defaultModelSlug, framework.framework, "md"))!.body;
      const frameworkRow = markdown.split("\n").find((line) => line.startsWith(`| ${cell.replace("-", "×")} `))!;
      expect(frameworkRow.replace(/ +/g, " "), file).toContain("| run date unknown |");
      const csv = (await frameworkFile(db, defaultModelSlug, framework.framework, "csv"))!.body;
      expect(
        csv.split("\n").find((line) => line.includes(cell.replace("-", "×"))),
        file,
      ).toContain(`,"run date unknown",`);
      await db.$disconnect();
    }
  });
});
