// The card's evidence section, written to read at the Hub's normal page width: one narrow table of
// what each tested cell measured, one of what it was measured under, a long revision hash shown by
// its first characters with the full hash once in a details block, and the untested cells listed
// under their use. The importer never reads this section: evidence comes from campaigns.
import type { PhrasingContent, RootContent } from "mdast";
import { CURRENT_EVIDENCE_RULE } from "../evidence/current-evidence";
import { RUN_DATE_UNKNOWN } from "../evidence/imported-source";
import { CORRECTED_INTERVAL_METHOD, DETECTOR_ACCURACY_UNKNOWN } from "../evidence/rogan-gladen";
import { cellName } from "./card-layout";
import { detectorFigure } from "../detectors/detector-figures";
import { SMOKE_TEST_MODEL, smokeTestMeaning } from "../matrix/evidence-status";
import { isHttpUrl } from "../evidence/attach-evidence";
import { documentCanBack } from "../suites/risks";
import {
  type CardEvidence,
  type CellEvidence,
  type DocumentedEvidence,
  type ErroredOnlyEvidence,
  day,
  documentedKindLabel,
  failureRate,
  erroredOnlyText,
  rowsInCardOrder,
  erroredText,
  overriddenText,
  percent,
  percentInterval,
  verdictText,
} from "./evidence";
import { code, heading, list, paragraph, raw, strong, table, text } from "./mdast-builders";
import { mapPaced, type Pace } from "./pace";
import type { Card } from "./schema";

/** As many characters of a revision as the model page shows. */
const REVISION_SHOWN = 12;

/** Its rows are built with turns for others between them (pace.ts): a large card's are 50,000 a table. */
export async function evidenceSection(card: Card, evidence: CardEvidence | undefined, pace: Pace): Promise<RootContent[]> {
  const rows = rowsInCardOrder(card, evidence?.cells ?? []);
  const documented = rowsInCardOrder(card, evidence?.documented ?? []);
  const erroredOnly = rowsInCardOrder(card, evidence?.erroredOnly ?? []);
  if (!rows.length) {
    return [
      paragraph([strong("Untested."), text(" No campaign evidence is recorded for any cell. A cell without evidence is untested, not safe.")]),
      ...erroredOnlyNotes(erroredOnly),
      ...documentedList(documented),
    ];
  }
  const nodes: RootContent[] = [];
  if (rows.some((row) => row.smokeTest)) {
    nodes.push(paragraph([strong("Smoke test only."), text(` ${smokeTestMeaning(card.model.name)}`)]));
  }
  nodes.push(
    table(
      ["Cell", "n", "Failures", "Failure rate (Wilson 95%)", "Corrected rate (95%)", "Threshold", "Verdict"],
      await mapPaced(rows, pace, (row) => [
        cellName(row.risk, row.use),
        String(row.n),
        String(row.failures),
        `${percent(failureRate(row))} (${percentInterval(row.wilson)})`,
        row.correctedInterval ? `${percent(row.correctedRate ?? 0)} (${percentInterval(row.correctedInterval)})` : "unknown",
        percent(row.threshold),
        verdictText(row),
      ]),
    ),
    paragraph([
      strong("Measured under:"),
      text(" each cell's campaign, the model revision it ran against, the day it ended, and the detectors' sensitivity and specificity its correction used."),
    ]),
    table(
      ["Cell", "Campaign", "Model revision", "Date", "Smoke-test model", "Detector accuracy used"],
      await mapPaced(rows, pace, (row) => [
        cellName(row.risk, row.use),
        row.campaign,
        shortRevision(row.modelRevision),
        row.date ? day(row.date) : RUN_DATE_UNKNOWN,
        row.smokeTest ? `yes (${SMOKE_TEST_MODEL})` : "no",
        row.detectorAccuracy ? `sens. ${percent(row.detectorAccuracy.sensitivity)}, spec. ${percent(row.detectorAccuracy.specificity)}` : "unknown",
      ]),
    ),
    ...fullRevisions(rows),
    ...answeredAndJudgedNotes(rows),
    ...(await needsReviewNotes(rows, pace)),
    ...(await overriddenNotes(rows, pace)),
    ...(await erroredNotes(rows, pace)),
  );
  nodes.push(paragraph([strong("Which evidence counts:"), text(` ${CURRENT_EVIDENCE_RULE}`)]));
  nodes.push(
    paragraph([
      strong("Corrected for detector error:"),
      text(
        ` ${CORRECTED_INTERVAL_METHOD}, measured on the blind holdout of labelled outputs plus confirmed overrides. ` +
          `Where the detectors' accuracy is known the verdict reads the corrected interval; elsewhere it says "${DETECTOR_ACCURACY_UNKNOWN}" and reads the raw one.`,
      ),
    ]),
  );
  nodes.push(...documentedList(documented), ...untestedByUse(card, rows, documented), ...erroredOnlyNotes(erroredOnly));

  const detectors = evidence?.detectors ?? [];
  nodes.push(heading(3, "Detector accuracy"));
  if (!detectors.length) {
    nodes.push(paragraph([text("Not measured: the verdicts above rest on detectors whose accuracy has not been checked on labelled examples.")]));
  } else {
    nodes.push(
      table(
        ["Detector", "Version", "Labelled examples (blind holdout)", "Precision", "Recall", "Agreement"],
        detectors.map((detector) => [
          detector.detector,
          detector.version,
          String(detector.labelledExamples),
          detectorFigure(detector.precision),
          detectorFigure(detector.recall),
          detectorFigure(detector.accuracy),
        ]),
      ),
    );
  }
  return nodes;
}

/**
 * Who answered and who judged, where not this engine and its detectors alone: the cells an endpoint answered, under
 * what it said it served, and the cells whose verdicts counted a model judge's, under the judge and under what the
 * judge's endpoint said it served.
 */
function answeredAndJudgedNotes(rows: CellEvidence[]): RootContent[] {
  return [
    ...cellsUnderEach(
      rows,
      (row) => (row.backend === "openai" ? row.servedModel : null),
      "Answered by an endpoint:",
      " these cells' outputs came from a serving target's endpoint, which said at /v1/models that it served:",
    ),
    ...cellsUnderEach(rows, (row) => row.judge, "Model judge:", " these cells' verdicts counted the verdicts of a model judge, named with its revision:"),
    ...cellsUnderEach(
      rows,
      (row) => row.judgeServedModel,
      "Judged through an endpoint:",
      " these cells' verdicts counted a model judge behind a serving target, whose endpoint said at /v1/models that it served:",
    ),
  ];
}

/** A note listing, under each value `of` gives a row (a served model, a judge), the cells of the rows that have it. */
function cellsUnderEach(rows: CellEvidence[], of: (row: CellEvidence) => string | null, title: string, says: string): RootContent[] {
  const cellsByValue = new Map<string, string[]>();
  for (const row of rows) {
    const value = of(row);
    if (!value) continue;
    const cells = cellsByValue.get(value);
    if (cells) cells.push(cellName(row.risk, row.use));
    else cellsByValue.set(value, [cellName(row.risk, row.use)]);
  }
  if (!cellsByValue.size) return [];
  return [paragraph([strong(title), text(says)]), list([...cellsByValue].map(([value, cells]) => [code(value), text(`: ${cells.join(", ")}`)]))];
}

/** Beside each cell whose evidence rests on a detector or judge that needs review: which, and why. */
async function needsReviewNotes(rows: CellEvidence[], pace: Pace): Promise<RootContent[]> {
  const flagged = rows.filter((row) => row.needsReview.length > 0);
  if (!flagged.length) return [];
  return [
    paragraph([
      strong("Needs review:"),
      text(" these cells' evidence rests on verdicts of a detector or judge below 0.9 precision or recall, or never measured."),
    ]),
    list(
      await mapPaced(flagged, pace, (row) => [
        strong(cellName(row.risk, row.use)),
        text(": "),
        ...row.needsReview.flatMap((item, index) => [...(index > 0 ? [text("; ")] : []), code(item.detector), text(` needs review (${item.why})`)]),
      ]),
    ),
  ];
}

/** Beside each cell whose counts include verdicts a reviewer overrode: how many, as the matrix shows. */
async function overriddenNotes(rows: CellEvidence[], pace: Pace): Promise<RootContent[]> {
  const overridden = rows.filter((row) => (row.overrides ?? 0) > 0);
  if (!overridden.length) return [];
  return [
    paragraph([
      strong("Overridden verdicts:"),
      text(" these cells' counts include verdicts a reviewer overrode and a second person confirmed; the detectors alone would have counted otherwise."),
    ]),
    list(await mapPaced(overridden, pace, (row) => [strong(cellName(row.risk, row.use)), text(`: ${overriddenText(row)}`)])),
  ];
}

/** Beside each cell whose source ran cases that errored: how many, as they are not in its n. */
async function erroredNotes(rows: CellEvidence[], pace: Pace): Promise<RootContent[]> {
  const errored = rows.filter((row) => (row.errors ?? 0) > 0);
  if (!errored.length) return [];
  return [
    paragraph([
      strong("Errored cases:"),
      text(
        " these cells' sources also ran cases that ended in an error (the tool or the model failed), neither passed nor failed; n counts only the cases that were judged.",
      ),
    ]),
    list(await mapPaced(errored, pace, (row) => [strong(cellName(row.risk, row.use)), text(`: ${erroredText(row)}`)])),
  ];
}

/** Untested cells that a run reached and judged nothing in, every case having errored: which run, and how many. */
function erroredOnlyNotes(erroredOnly: ErroredOnlyEvidence[]): RootContent[] {
  if (!erroredOnly.length) return [];
  return [
    paragraph([
      strong("Runs that judged nothing:"),
      text(" every case these runs ran in these cells ended in an error, so they back nothing and the cells stay untested."),
    ]),
    list(erroredOnly.map((row) => [strong(cellName(row.risk, row.use)), text(`: ${erroredOnlyText(row)}`)])),
  ];
}

/** Each revision the table shortened, in full, once. */
function fullRevisions(rows: CellEvidence[]): RootContent[] {
  const shortened = [...new Set(rows.map((row) => row.modelRevision))].filter((revision) => revision.length > REVISION_SHOWN);
  if (!shortened.length) return [];
  return [
    raw("<details>\n<summary>Full model revisions</summary>"),
    list(shortened.map((revision) => [code(shortRevision(revision)), text(": "), code(revision)])),
    raw("</details>"),
  ];
}

/** The documents, links and attestations that back cells, as the matrix shows them: evidence, not measurements. */
function documentedList(documented: DocumentedEvidence[]): RootContent[] {
  if (!documented.length) return [];
  return [
    paragraph([
      strong("Backed by a document, link or attestation"),
      text(" (not a measurement: no failure rate), each named with the day it was attached, then its text where it has one:"),
    ]),
    list(
      documented.map((row) => [
        strong(cellName(row.risk, row.use)),
        text(`: ${documentedKindLabel[row.kind]} `),
        row.url && isHttpUrl(row.url) ? { type: "link", url: row.url, children: [text(row.title)] } : text(row.title),
        text(` (${day(row.date)})`),
        ...attachedText(row.body),
      ]),
    ),
  ];
}

/** What an attestation attests, or a document's notes, after its title: each line of it on a line of its own. */
function attachedText(body: string): PhrasingContent[] {
  const lines = body.split(/\n+/).filter((line) => line.trim() !== "");
  if (!lines.length) return [];
  return [text(": "), ...lines.flatMap((line, index): PhrasingContent[] => [...(index > 0 ? [{ type: "break" } as const] : []), text(line)])];
}

/** Cells with no measurement, by use; a document takes a cell off the list only where no prompt can test its risk, as the approval gate reads it. */
function untestedByUse(card: Card, rows: CellEvidence[], documented: DocumentedEvidence[]): RootContent[] {
  const backedByDocument = documented.filter((row) => documentCanBack(row.risk));
  const tested = new Set([...rows, ...backedByDocument].map((row) => cellName(row.risk, row.use)));
  // One pass over the cells: a pass per use was 5 million cell names for a 500 x 100 card.
  const untested = new Map(card.uses.map((use) => [use.code, [] as string[]]));
  for (const cell of card.cells) if (!tested.has(cellName(cell.risk, cell.use))) untested.get(cell.use)?.push(cell.risk);
  const items = card.uses.flatMap((use) => {
    const risks = untested.get(use.code)!;
    return risks.length ? [[strong(use.code), text(` ${use.purpose}: ${risks.join(", ")}`)]] : [];
  });
  return items.length ? [paragraph([strong("Untested cells, by use:")]), list(items)] : [];
}

function shortRevision(revision: string): string {
  return revision.slice(0, REVISION_SHOWN);
}
