// How an imported run of another tool is named wherever evidence is shown or exported. Apart from
// cell-evidence.ts (which reads the database) so client components can use it.
export interface ImportedSource {
  id: string;
  /** "garak", "promptfoo" or "inspect". */
  tool: string;
  toolVersion: string | null;
  fileName: string;
  sha256: string;
  /** The tested model as the tool named it. */
  testedModel: string | null;
  /** The tool named a tested model that is not the one the results count for (namesAnotherModel). */
  testedAnotherModel: boolean;
  /** False when the tool said the run did not finish. */
  complete: boolean;
  /** False when the importer declared no model revision: the evidence's is the model's at import, assumed. */
  revisionDeclared: boolean;
  /** False when the run's time was written with no zone (garak's local time): read as UTC only to order it. */
  runTimeZoneRecorded: boolean;
  /** ISO time it was imported; the evidence itself is dated by the run (importedRunDate). */
  importedAt: string;
}

const squeezed = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * Whether the tested model a result file names is not `model`. Names are compared squeezed to letters and digits, and a
 * name holding the model's slug or name names it: "stabilityai/StableBeluga2" and "openai:chat:stable-beluga-2" name
 * stable-beluga-2. A file that names no model names no other.
 */
export function namesAnotherModel(testedModel: string | null, model: { slug: string; name: string }): boolean {
  const tested = squeezed(testedModel ?? "");
  if (tested === "") return false;
  return ![model.slug, model.name].some((name) => squeezed(name) !== "" && tested.includes(squeezed(name)));
}

/** Said wherever an imported run's date would be and its file gives none (importedRunDate). */
export const RUN_DATE_UNKNOWN = "run date unknown";

/** Said of an imported run whose file wrote its times with no zone (importedRunDate). */
export const TIME_ZONE_NOT_RECORDED = "time zone not recorded";

/** "ran 2025-09-23, imported 2026-12-05": the run's day (its evidence's date) and the import's, or that the run's is unknown. */
export function importedRunDays(runDate: string | null, source: Pick<ImportedSource, "importedAt">): string {
  return `${runDate ? `ran ${runDate.slice(0, 10)}` : RUN_DATE_UNKNOWN}, imported ${source.importedAt.slice(0, 10)}`;
}

/** Hours a time with no zone can lie ahead of UTC: garak writes the local time of the machine that ran it. */
const MOST_HOURS_AHEAD_OF_UTC = 14;
/** Clocks of two machines disagree by this much without either being wrong. */
const CLOCK_SKEW_MS = 5 * 60_000;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * When an imported run happened, by its tool's own record: when it ended, else when it started (the
 * times the reader took from the file, as written). A time with no zone (garak writes the local time
 * of the machine that ran it, `datetime.now().isoformat()`) is read as UTC, a day at most from the
 * truth, to order it among the evidence, and `zoneRecorded` is false so that it is not shown as UTC.
 * The date is null, with why, when the file records none, or none that reads as a time, or dates the
 * run after its import: a clock set wrong must not make a run the newest evidence for ever. The
 * evidence, the card and which source is current go by this date.
 */
export function importedRunDate(
  run: { startedAt: string | null; completedAt: string | null },
  importedAt: Date,
): { date: Date; zoneRecorded: boolean; why: null } | { date: null; why: string } {
  const recorded = [run.completedAt, run.startedAt].filter((time) => time !== null);
  if (recorded.length === 0) return { date: null, why: "the file records no date of the run" };
  for (const time of recorded) {
    const match = ISO_TIME.exec(time);
    // Date reads the "T" form alone as ISO 8601: a space in its place (as Python's str() writes) is read as the "T".
    const iso = time.replace(" ", "T");
    const date = match ? new Date(match[1] ? iso : `${iso}Z`) : null;
    if (!date || Number.isNaN(date.getTime())) continue;
    const allowance = match?.[1] ? CLOCK_SKEW_MS : MOST_HOURS_AHEAD_OF_UTC * 3_600_000;
    if (date.getTime() - importedAt.getTime() > allowance) return { date: null, why: `the file dates the run ${time}, after its import` };
    return { date, zoneRecorded: match?.[1] !== undefined, why: null };
  }
  return { date: null, why: `the file's date of the run, ${recorded[0]}, is not a time` };
}

/** "garak 0.14.0.pre1: quack.report.jsonl". */
export function importedSourceLabel(source: Pick<ImportedSource, "tool" | "toolVersion" | "fileName">): string {
  return `${source.tool} ${source.toolVersion ?? "(version not recorded)"}: ${source.fileName}`;
}

/** The label's caveat for a file that says it tested another model than the one its results count for. */
export function testedAnotherModelCaveat(testedModel: string | null): string {
  return `the file says it tested "${testedModel}", not this model`;
}

/**
 * The label where the run's figures are shown as a cell's evidence, with what they do not stand for:
 * a run the tool did not finish, or a file read up to its damage, covers fewer cases than the run
 * meant to; a run imported without a model revision is assumed to have tested the revision the
 * model had when it was imported; a run dated by a time with no zone may have run a day either side.
 */
export function importedEvidenceLabel(
  source: Pick<
    ImportedSource,
    "tool" | "toolVersion" | "fileName" | "complete" | "revisionDeclared" | "runTimeZoneRecorded" | "testedModel" | "testedAnotherModel"
  >,
): string {
  const caveats = [
    source.testedAnotherModel ? testedAnotherModelCaveat(source.testedModel) : null,
    source.complete ? null : "incomplete run: only the results read before it stopped count",
    source.revisionDeclared ? null : "no model revision declared: taken as the model's revision at import",
    source.runTimeZoneRecorded ? null : `${TIME_ZONE_NOT_RECORDED}: its times are the local time of the machine that ran it`,
  ].filter((caveat) => caveat !== null);
  const label = importedSourceLabel(source);
  return caveats.length > 0 ? `${label} (${caveats.join("; ")})` : label;
}
