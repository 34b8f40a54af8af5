// `riskledger evidence import FILE... [--model SLUG] [--mapping FILE] [--use CODE]... [--revision REV] [--keep-readable] [--dry-run]`
// Imports each file and shows what it counted cell by cell and what it left out, reading the file
// once (with --dry-run: what it would import, writing nothing); on a terminal a line counts the results as a large report is read. Files of garak, promptfoo and Inspect are told apart by their content.
// The command line is checked before the import's modules load: a refusal or --help is answered in
// a fraction of the time they take.
import { defaultModelSlug } from "../lib/content/paths";
import { exitOnDatabaseProblem, openDatabase } from "./database-problem";
import type { Db } from "../lib/db/types";
import { terminalText } from "../lib/domain/terminal-text";
import { cellKeyLabel } from "../lib/domain/cell-key";
import { RUN_DATE_UNKNOWN, TIME_ZONE_NOT_RECORDED } from "../lib/evidence/imported-source";
import type { ImportExternalResultsInput, ImportPreview, ImportProgress } from "../lib/imports/import-external-results";
import type { FieldIssue } from "../lib/commands/define-command";
import { replacedImportText } from "../lib/imports/replaced-import";
import { parseCliArguments, refuseUnknownCommand, USAGE_EXIT_CODE } from "./parse-cli-arguments";

const USAGE = "usage: riskledger evidence import FILE... [--model SLUG] [--mapping FILE] [--use CODE]... [--revision REV] [--keep-readable] [--dry-run]";

const { positionals, values } = parseCliArguments("evidence", USAGE, {
  allowPositionals: true,
  options: {
    model: { type: "string", default: defaultModelSlug },
    mapping: { type: "string" },
    use: { type: "string", multiple: true },
    revision: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    // A damaged file imports the results before the damage instead of nothing.
    "keep-readable": { type: "boolean", default: false },
  },
});

/** The flag each field of the import's input comes from (refusal() names it). */
const FLAG_OF_FIELD: Partial<Record<keyof ImportExternalResultsInput, string>> = {
  modelSlug: "model",
  mappingFile: "mapping",
  uses: "use",
  modelRevision: "revision",
};

const [command, ...files] = positionals;
if (command !== "import") refuseUnknownCommand("evidence", USAGE, command);
if (files.length === 0) {
  console.error(`evidence: name the result files to import\n${USAGE}`);
  process.exit(USAGE_EXIT_CODE);
}

const db = await openDatabase("evidence");
const { importExternalResults, previewExternalImport } = await import("../lib/imports/import-external-results");
const { cliActor } = await import("./cli-actor");
try {
  let failed = 0;
  for (const path of files) if (!(await importOne(db, path))) failed++;
  if (failed > 0) process.exitCode = 1;
} catch (error) {
  // A database it cannot use (never migrated, say) in one line; anything else is a bug, with its stack.
  await exitOnDatabaseProblem("evidence", error);
} finally {
  await db.$disconnect();
}

// What it prints quotes text another tool wrote (a run id, a model, a test's name): each
// control character in it is named, not applied to the line.
async function importOne(db: Db, path: string): Promise<boolean> {
  const input: ImportExternalResultsInput = {
    modelSlug: values.model!,
    path,
    mappingFile: values.mapping,
    uses: values.use,
    modelRevision: values.revision,
    keepReadable: values["keep-readable"],
  };
  if (values["dry-run"]) {
    const previewed = await previewExternalImport(db, input, progressLine("read"));
    clearProgress();
    if (!previewed.ok) {
      console.error(terminalText(refusal(previewed)));
      return false;
    }
    console.log(terminalText(describePreview(previewed.preview)));
    const { earlierImport } = previewed.preview;
    if (earlierImport?.sameCounts)
      console.log(
        terminalText(
          `  the same run as ${earlierImport.fileName}, imported by ${earlierImport.importedBy} on ${earlierImport.importedAt.toISOString().slice(0, 10)}, counted the same: nothing to add`,
        ),
      );
    else if (earlierImport) console.log(terminalText(`  dry run, nothing written; importing would replace ${replacedImportText(earlierImport)}`));
    else console.log("  dry run: nothing written");
    return true;
  }
  // The import reads the file once, counting what it stores, and reports what a preview would have shown.
  const outcome = await importExternalResults(db, cliActor(), input, progressLine("stored"));
  clearProgress();
  if (!outcome.ok) {
    console.error(terminalText(refusal(outcome)));
    return false;
  }
  if (!outcome.imported) {
    console.log(terminalText(outcome.message));
    return true;
  }
  console.log(terminalText(describePreview(outcome.preview)));
  console.log(`  imported: ${outcome.preview.results} results, ${outcome.evidenceRows} evidence rows (import ${outcome.importId})`);
  const { replaced } = outcome;
  if (replaced) {
    console.log(terminalText(`  replaced ${replacedImportText(replaced)}; that import is kept, superseded (import ${replaced.importId})`));
    if (replaced.overridesKept + replaced.overridesLeft > 0)
      console.log(
        `  overrides of its results: ${replaced.overridesKept} carried to the same cases, ${replaced.overridesLeft} left (their case is gone or the tool's verdict differs)`,
      );
    if (replaced.approvedCellsMoved.length > 0)
      console.log(`  approved or accepted cells whose evidence moved: ${replaced.approvedCellsMoved.join(", ")} (their gates read the new evidence)`);
  }
  return true;
}

/** A refusal in the words of the command line: a bad value is named by the flag it was typed with, and as typed. */
function refusal(outcome: { message: string; issues?: FieldIssue[] }): string {
  if (!outcome.issues) return outcome.message;
  return outcome.issues
    .map(({ path, message }) => {
      const [field, index] = path.split(".") as [keyof ImportExternalResultsInput, string | undefined];
      const flag = FLAG_OF_FIELD[field];
      if (!flag) return path ? `${path}: ${message}` : message;
      const typed = values[flag as keyof typeof values];
      const value = Array.isArray(typed) && index !== undefined ? typed[Number(index)] : typed;
      return `--${flag} ${JSON.stringify(value)}: ${message}`;
    })
    .join("; ");
}

/** On a terminal, one line that counts the results as they go, erased when done. */
function progressLine(verb: string): ImportProgress {
  if (!process.stderr.isTTY) return {};
  return { onProgress: (results) => process.stderr.write(`\r  ${verb} ${results.toLocaleString("en")} results…\u001b[K`) };
}

function clearProgress() {
  if (process.stderr.isTTY) process.stderr.write("\r\u001b[K");
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function describePreview(preview: ImportPreview): string {
  const { run, verdicts } = preview;
  const lines = [
    `${run.file.name} (sha256 ${run.file.sha256.slice(0, 12)}…): ${run.tool} ${run.toolVersion ?? "(version not recorded)"}, model ${run.model ?? "(not named)"}${run.runId ? `, run ${run.runId}` : ""}, ${preview.runDate ? `ran ${preview.runDate.toISOString().slice(0, 16).replace("T", " ")} ${preview.runTimeZoneRecorded ? "UTC" : `(${TIME_ZONE_NOT_RECORDED})`}` : RUN_DATE_UNKNOWN}${run.complete ? "" : ", run INCOMPLETE"}`,
    `  ${preview.results} results: ${verdicts.PASS} pass, ${verdicts.FAIL} fail, ${verdicts.ERROR} error, ${verdicts.NOT_APPLICABLE} no verdict`,
    `  counted in uses ${preview.uses.join(", ")} (mapping ${preview.mappingFile}), as model revision ${preview.modelRevision ?? "(unknown)"}${preview.revisionDeclared ? "" : " (not declared: the model's current one; --revision REV names the one the tool tested)"}`,
    ...run.notes.map((note) => `  note: ${note}`),
  ];
  const cells = preview.cells.filter((cell) => cell.passes + cell.failures + cell.errors + cell.unjudged > 0);
  if (cells.length === 0) lines.push("  no cell would get evidence");
  for (const cell of cells) {
    const figures =
      cell.n > 0
        ? `${cell.failures} of ${cell.n} failed, ${percent(cell.rate ?? 0)} [${percent(cell.intervalLow)}–${percent(cell.intervalHigh)}]`
        : "nothing judged";
    const left = cell.errors + cell.unjudged > 0 ? `, ${cell.errors} errors and ${cell.unjudged} without verdict left out` : "";
    lines.push(
      `  ${cellKeyLabel(cell.riskCode, cell.useCode).padEnd(8)} ${figures}${left}: ${cell.verdict} (threshold ${percent(cell.failureThreshold)}, minimum n ${cell.minSampleSize})`,
    );
  }
  for (const entry of preview.unmapped)
    lines.push(
      `  unmapped: ${entry.test}${entry.strategy ? ` / ${entry.strategy}` : ""} (${entry.results} results${entry.matchedBy.length ? `; ${entry.matchedBy.join(", ")}` : ""})`,
    );
  for (const entry of preview.skipped) lines.push(`  skipped: ${entry.location}: ${entry.reason}`);
  if (preview.skippedCount > preview.skipped.length) lines.push(`  … and ${preview.skippedCount - preview.skipped.length} more skipped`);
  return lines.join("\n");
}
