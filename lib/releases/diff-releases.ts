// What changed between two releases: the line diff of their markdown (what a reader of the card
// sees, its tables unpadded) and a semantic diff of the matrix from their JSON (what a reviewer
// asks: which cells moved, and how), e.g. "R7×U2: likelihood 2 -> 4", "R10×U4: evidence added,
// verdict pass", "R7×U2: overridden verdicts 0 -> 2", "R5×U1: link "Vendor docs" attached",
// "R2×U2: acceptance expiry 2027-01-31 -> 2027-07-31", "R3: risk type Capability risk -> Systemic
// risk", "U2: domain "Retail" -> "Health""; and of each use's deploy decision and each gap
// a release was published with, "U1: computed deploy decision deploy -> do not deploy",
// "R2×U1: gap accepted at publication: no evidence: untested". A risk, use or mitigation a team
// retired between them says so ("R3: risk retired"), and a mitigation merged into another says into
// which: only a row gone from the database otherwise reads as removed. A risk, use or mitigation
// the older release lacked because it was retired then, and the newer lists again, was restored.
// Figures the generated tiny model answered carry its tag, and a cell's switch to or from it is a
// change. An override count, a list of documents, an acceptance's terms, which model made the
// evidence or which cells a deploy decision rests on smoke-test evidence for, where an older release
// did not record it, is not compared: absent is unknown, not none. Separation of duties turned off,
// and a cell approved by its own judge, are changes too: "separation of duties: on -> off".
import { formatPatch, type StructuredPatch, structuredPatch } from "diff";
import { z } from "zod";
import { cellName } from "../card/card-layout";
import { withBidiControlsNamed } from "../domain/bidi-controls";
import { cellKeyLabel, parseCellKey } from "../domain/cell-key";
import { type CellEvidence, type DocumentedEvidence, documentedKindLabel, overriddenText, verdictLabel } from "../card/evidence";
import { levelLabel, riskLevel } from "../domain/level";
import { SMOKE_TEST_MODEL } from "../matrix/evidence-status";
import {
  type AsStored,
  appliesLabel,
  harmAreaLabel,
  labelAsStored,
  mitigationStatusLabel,
  reviewStatusLabel,
  riskTypeLabel,
  subjectAtRiskLabel,
} from "../domain/vocabulary";
import type { CardCell } from "../card/schema";
import type { CardAcceptedRisk } from "../card/accepted-risks";
import type { CardSelfApprovals } from "../card/self-approvals";
import { type CardDecision, type CardDecisions, computedDecisionText, decisionStateLabel } from "../card/deployment-decisions";
import { deployOutcomeLabel } from "../deploy-decisions/outcomes";
import type { Db } from "../db/types";
import { describeGap, type ReleaseGap } from "./describe-gap";
import { loadRelease, type Release } from "./load-releases";
import { mapPaced, newPace, type Pace, WORK_BETWEEN_TURNS } from "../card/pace";
import { readStoredSnapshot, type StoredSnapshot } from "./release-snapshot";

export interface DiffableRelease {
  version: number;
  markdown: string;
  json: string;
  /** The gaps the release was published with (null: none), as its row records them in every release. */
  acceptedGaps: ReleaseGap[] | null;
  justification: string | null;
}

export interface MatrixChange {
  /** "R7×U2"; a risk or use code when a whole row or column came or went, or of a use's deploy decision; "deploy rules", "separation of duties" or "release" for what holds for the whole card. */
  where: string;
  what: string;
}

export interface ReleaseDiff {
  /** Unified diff of the markdown, three lines of context; null where it takes more than MAX_PATCHED_LINE_EDITS. */
  textPatch: string | null;
  matrixChanges: MatrixChange[];
}

/**
 * What became of the rows a newer release lacks, as the model's database tells it. Risks and uses
 * are retired, never deleted: one the model still holds was retired. A mitigation is retired, or
 * merged into another (its row deleted, its merge audited), or only unlinked from a risk. And of the
 * rows the older release lacks, which were retired then, so restored since.
 */
export interface RowHistory {
  /** The codes of the risks and uses the model holds, retired ones included. */
  risks: ReadonlySet<string>;
  uses: ReadonlySet<string>;
  /**
   * The codes of the risks and uses retired when the older release was published: one it lacks and
   * the newer lists was restored (a card import brings retired rows back), not added.
   */
  retiredAtOlder: ReadonlySet<string>;
  /** The texts of the mitigations retired when the older release was published: one a risk lists again was restored. */
  mitigationsRetiredAtOlder: ReadonlySet<string>;
  /** The texts of the mitigations retired between the two releases' publication. */
  retiredMitigations: ReadonlySet<string>;
  /** Each text merged away between them, to the text it was merged into. */
  mergedMitigations: ReadonlyMap<string, string>;
}

/**
 * The most line edits (a line removed and one added are two) the markdown's patch is worked out for.
 * A line diff's time grows with the edits times the length, on the server's one thread: two
 * 10,000-line markdowns differing in every line took 43 s. Past this bound it gives up within about
 * half a second, and the reader is pointed to the two files.
 */
export const MAX_PATCHED_LINE_EDITS = 1000;

/**
 * `history` tells a retired or merged row from a removed one; without it each reads as removed. The
 * releases of a 500 x 100 card are 45 MB of JSON and 56 MB of markdown each: their diff held the
 * server's thread 5 s at once. Each JSON is parsed once, and the reading, the unpadding and the line
 * diff give others turns on the way (pace.ts).
 */
export async function diffReleases(from: DiffableRelease, to: DiffableRelease, history?: RowHistory): Promise<ReleaseDiff> {
  const pace = newPace();
  const fromStored = await parsedJson(from.json, pace);
  const toStored = await parsedJson(to.json, pace);
  const [fromRecords, toRecords] = [recordedIn(fromStored), recordedIn(toStored)];
  const [fromSnapshot, toSnapshot] = [await readStoredSnapshot(fromStored, pace), await readStoredSnapshot(toStored, pace)];
  return {
    textPatch: await markdownPatch(from, to, pace),
    // Only forward in time is a row the later release lacks one retired: read backwards, it is one added since.
    matrixChanges: [
      ...(await diffMatrix(
        fromSnapshot,
        toSnapshot,
        from.version < to.version ? history : undefined,
        {
          smokeTestEvidence: !fromRecords.smokeTestEvidence || !toRecords.smokeTestEvidence,
          answeredAndJudged: !fromRecords.answeredAndJudged || !toRecords.answeredAndJudged,
          smokeTestCells: fromRecords.smokeTestCells === false || toRecords.smokeTestCells === false,
          otherModelCells: fromRecords.otherModelCells === false || toRecords.otherModelCells === false,
          selfApprovals: !fromRecords.selfApprovals || !toRecords.selfApprovals,
        },
        pace,
      )),
      ...acceptedGapChanges(from, to),
      ...notRecordedChanges({ version: from.version, ...fromRecords }, { version: to.version, ...toRecords }),
    ],
  };
}

/** JSON.parse of `json`, then a turn for others: it is one call, hundreds of milliseconds for a large card's. */
async function parsedJson(json: string, pace: Pace) {
  const parsed = JSON.parse(json);
  await pace.spend(WORK_BETWEEN_TURNS);
  return parsed;
}

/** Lines of context around each change of the text patch. */
const CONTEXT_LINES = 3;
/**
 * Lines of what both share kept beside the part jsdiff is given, more than its context: where a line
 * repeats, jsdiff may place a change a few lines off from where the shared start or end ends, and
 * its hunk then still finds its context lines.
 */
const KEPT_LINES = 20;

/**
 * The unified diff of the two markdowns; null past MAX_PATCHED_LINE_EDITS. jsdiff reads the whole of
 * both texts in one piece before its first step, a second for a large card's 56 MB, so it is given
 * only what lies between the lines the two share at their start and at their end (found a part at a
 * time), with the context around it, and works in steps with turns between (its callback form). Its
 * hunks are then numbered as lines of the whole markdown.
 */
async function markdownPatch(from: DiffableRelease, to: DiffableRelease, pace: Pace): Promise<string | null> {
  const [before, after] = [await withoutTablePadding(from.markdown, pace), await withoutTablePadding(to.markdown, pace)];
  const { head, headLines, tail } = await sameStartAndEnd(before, after, pace);
  const patch = await new Promise<StructuredPatch | undefined>((resolve) =>
    structuredPatch(`v${from.version}.md`, `v${to.version}.md`, before.slice(head, before.length - tail), after.slice(head, after.length - tail), "", "", {
      context: CONTEXT_LINES,
      maxEditLength: MAX_PATCHED_LINE_EDITS,
      callback: resolve,
    }),
  );
  if (!patch) return null;
  for (const hunk of patch.hunks) {
    hunk.oldStart += headLines;
    hunk.newStart += headLines;
  }
  return formatPatch(patch);
}

/** Characters compared between two counts of the work. */
const COMPARED_PART = 65_536;

/**
 * The lines `a` and `b` share at their start (`head` characters, `headLines` lines) and at their end
 * (`tail` characters), each less KEPT_LINES lines, cut where a line begins in both.
 */
async function sameStartAndEnd(a: string, b: string, pace: Pace): Promise<{ head: number; headLines: number; tail: number }> {
  const shortest = Math.min(a.length, b.length);
  let same = 0;
  while (same + COMPARED_PART <= shortest && a.slice(same, same + COMPARED_PART) === b.slice(same, same + COMPARED_PART)) {
    same += COMPARED_PART;
    await pace.spend(COMPARED_PART);
  }
  while (same < shortest && a[same] === b[same]) same++;
  // The start of the line the first difference is on: the line break before it is one both have.
  let head = same > 0 ? a.lastIndexOf("\n", same - 1) + 1 : 0;
  for (let line = 0; line < KEPT_LINES && head > 0; line++) head = head >= 2 ? a.lastIndexOf("\n", head - 2) + 1 : 0;

  const room = shortest - same;
  let sameAtEnd = 0;
  while (
    sameAtEnd + COMPARED_PART <= room &&
    a.slice(a.length - sameAtEnd - COMPARED_PART, a.length - sameAtEnd) === b.slice(b.length - sameAtEnd - COMPARED_PART, b.length - sameAtEnd)
  ) {
    sameAtEnd += COMPARED_PART;
    await pace.spend(COMPARED_PART);
  }
  while (sameAtEnd < room && a[a.length - 1 - sameAtEnd] === b[b.length - 1 - sameAtEnd]) sameAtEnd++;
  // After the first line break within what both end with: the next line begins there in both.
  let tailStart = a.length;
  const firstBreak = a.indexOf("\n", a.length - sameAtEnd);
  if (firstBreak >= 0) tailStart = firstBreak + 1;
  for (let line = 0; line < KEPT_LINES && tailStart < a.length; line++) {
    const next = a.indexOf("\n", tailStart);
    tailStart = next < 0 ? a.length : next + 1;
  }

  let headLines = 0;
  for (let at = a.indexOf("\n"); at >= 0 && at < head; at = a.indexOf("\n", at + 1)) {
    if (++headLines % COMPARED_PART === 0) await pace.spend(COMPARED_PART);
  }
  return { head, headLines, tail: a.length - tailStart };
}

/**
 * Of the fields a release's JSON may lack because its version of Riskledger did not write them yet,
 * whether it holds them: read back, a missing one takes its default (false, []), which would claim
 * what the release never said. Evidence rows' `smokeTest` came on 2 December, deploy decisions'
 * `smokeTestCells` on 4 December; null: the release holds no deploy decisions at all.
 * `selfApprovals` (separation of duties and the cells approved by their own judge) came on 7 December, deploy
 * decisions' `otherModelCells` (evidence imported from a file that says it tested another model) late on 7 December,
 * evidence rows' `judge` late on 7 December and `judgeServedModel` on 8 December (`answeredAndJudged`: all three of
 * `servedModel`, `judge` and `judgeServedModel`, what answered and what judged).
 */
interface Recorded {
  smokeTestEvidence: boolean;
  answeredAndJudged: boolean;
  smokeTestCells: boolean | null;
  selfApprovals: boolean;
  otherModelCells: boolean | null;
}

/** Either side's field not recorded: not compared. */
type NotRecorded = Record<keyof Recorded, boolean>;

const recordedSchema = z.object({
  evidence: z.object({
    cells: z.array(
      z.object({
        smokeTest: z.unknown().optional(),
        servedModel: z.unknown().optional(),
        judge: z.unknown().optional(),
        judgeServedModel: z.unknown().optional(),
      }),
    ),
  }),
  decisions: z.object({ uses: z.array(z.object({ smokeTestCells: z.unknown().optional(), otherModelCells: z.unknown().optional() })) }).optional(),
  selfApprovals: z.unknown().optional(),
});

function recordedIn(json: unknown): Recorded {
  const stored = recordedSchema.parse(json);
  return {
    smokeTestEvidence: stored.evidence.cells.every((row) => row.smokeTest !== undefined),
    answeredAndJudged: stored.evidence.cells.every((row) => row.servedModel !== undefined && row.judge !== undefined && row.judgeServedModel !== undefined),
    smokeTestCells: stored.decisions ? stored.decisions.uses.every((entry) => entry.smokeTestCells !== undefined) : null,
    selfApprovals: stored.selfApprovals !== undefined,
    otherModelCells: stored.decisions ? stored.decisions.uses.every((entry) => entry.otherModelCells !== undefined) : null,
  };
}

/** What one release did not record and the other did, so the diff could not compare it. */
function notRecordedChanges(...releases: (Recorded & { version: number })[]): MatrixChange[] {
  const [a, b] = releases;
  const changes: MatrixChange[] = [];
  for (const [release, other] of [
    [a, b],
    [b, a],
  ]) {
    if (!release.smokeTestEvidence && other.smokeTestEvidence) {
      changes.push({ where: "release", what: `v${release.version} did not record which cells' evidence the ${SMOKE_TEST_MODEL} made: not compared` });
    }
    if (!release.answeredAndJudged && other.answeredAndJudged) {
      changes.push({
        where: "release",
        what: `v${release.version} did not record what an endpoint served and which model judge counted, with what its endpoint served, for each cell's evidence: not compared`,
      });
    }
    if (release.smokeTestCells === false && other.smokeTestCells === true) {
      changes.push({
        where: "release",
        what: `v${release.version} did not record which cells a computed deploy decision rests on ${SMOKE_TEST_MODEL} evidence for: not compared`,
      });
    }
    if (release.otherModelCells === false && other.otherModelCells === true) {
      changes.push({
        where: "release",
        what: `v${release.version} did not record which cells a computed deploy decision rests on evidence imported from files naming another model for: not compared`,
      });
    }
    if (!release.selfApprovals && other.selfApprovals) {
      changes.push({ where: "release", what: `v${release.version} did not record separation of duties: not compared` });
    }
  }
  return changes;
}

/** Two of the model's releases and their diff; null when the model or either release is unknown. */
export async function loadReleaseDiff(
  db: Db,
  slug: string,
  fromVersion: number,
  toVersion: number,
): Promise<{ from: Release; to: Release; diff: ReleaseDiff } | null> {
  const [from, to] = await Promise.all([loadRelease(db, slug, fromVersion), loadRelease(db, slug, toVersion)]);
  const history = from && to && (await loadRowHistory(db, slug, { after: from.publishedAt, until: to.publishedAt }));
  if (!from || !to || !history) return null;
  return { from, to, diff: await diffReleases(from, to, history) };
}

/** The model's row history for a diff of releases published at `after` and `until`; null for an unknown model. */
async function loadRowHistory(db: Db, slug: string, between: { after: Date; until: Date }): Promise<RowHistory | null> {
  const within = { gt: between.after, lte: between.until };
  const model = await db.model.findUnique({
    where: { slug },
    select: {
      id: true,
      risks: { select: { id: true, code: true } },
      uses: { select: { id: true, code: true } },
      mitigations: { select: { id: true, text: true, retiredAt: true } },
    },
  });
  if (!model) return null;
  // A merge is audited on the mitigation kept, with the merged one's text as it was.
  const merges = await db.auditEvent.findMany({
    where: { action: "mitigation.merge", entityType: "Mitigation", entityId: { in: model.mitigations.map((mitigation) => mitigation.id) }, at: within },
    select: { before: true },
  });
  const mergeTexts = merges.map((merge) => mergeSchema.safeParse(merge.before)).flatMap((parsed) => (parsed.success ? [parsed.data] : []));
  return {
    risks: new Set(model.risks.map((risk) => risk.code)),
    uses: new Set(model.uses.map((use) => use.code)),
    retiredAtOlder: await retiredBy(db, model, between.after),
    mitigationsRetiredAtOlder: await mitigationsRetiredBy(db, model.mitigations, between.after),
    retiredMitigations: new Set(
      model.mitigations
        .filter((mitigation) => mitigation.retiredAt && mitigation.retiredAt > between.after && mitigation.retiredAt <= between.until)
        .map((mitigation) => mitigation.text),
    ),
    mergedMitigations: new Map(mergeTexts.map((merge) => [merge.merged.text, merge.kept.text])),
  };
}

/**
 * The codes of the model's risks and uses retired at or before `at`, by the audit events that retire
 * them: one at a time (on the row), or as a card import that no longer lists them (on the model).
 * Risks have no creation time; a retirement before the older release says the row was there then.
 */
async function retiredBy(
  db: Db,
  model: { id: string; risks: { id: string; code: string }[]; uses: { id: string; code: string }[] },
  at: Date,
): Promise<Set<string>> {
  const codes = new Map([...model.risks, ...model.uses].map((row) => [row.id, row.code]));
  const [oneByOne, byImport] = await Promise.all([
    db.auditEvent.findMany({
      where: { action: { in: ["risk.retire", "risk.retire-inherited", "use.retire"] }, entityId: { in: [...codes.keys()] }, at: { lte: at } },
      select: { entityId: true },
    }),
    db.auditEvent.findMany({ where: { action: "card.reimport", entityType: "Model", entityId: model.id, at: { lte: at } }, select: { after: true } }),
  ]);
  return new Set([
    ...oneByOne.map((event) => codes.get(event.entityId)!),
    ...byImport.flatMap((event) => reimportRetiredSchema.safeParse(event.after).data?.retired ?? []),
  ]);
}

/** The texts of the mitigations retired at or before `at`, by their audit events. */
async function mitigationsRetiredBy(db: Db, mitigations: { id: string; text: string }[], at: Date): Promise<Set<string>> {
  const texts = new Map(mitigations.map((mitigation) => [mitigation.id, mitigation.text]));
  const events = await db.auditEvent.findMany({
    where: { action: "mitigation.retire", entityType: "Mitigation", entityId: { in: [...texts.keys()] }, at: { lte: at } },
    select: { entityId: true },
  });
  return new Set(events.map((event) => texts.get(event.entityId)!));
}

const reimportRetiredSchema = z.object({ retired: z.array(z.string()) });

const mergeSchema = z.object({ kept: z.object({ text: z.string() }), merged: z.object({ text: z.string() }) });

/**
 * The gaps each release was published with, by cell. A gap the newer release lacks is no longer a
 * gap: a live gap is published only by accepting it.
 */
function acceptedGapChanges(from: DiffableRelease, to: DiffableRelease): MatrixChange[] {
  const [fromGaps, toGaps] = [from, to].map((release) => (release.acceptedGaps ?? []).map(withCellKeyLabel));
  const before = new Set(fromGaps.map(describeGap));
  const after = new Set(toGaps.map(describeGap));
  const changes = [
    ...toGaps.filter((gap) => !before.has(describeGap(gap))).map((gap) => ({ where: gap.cell, what: `gap accepted at publication: ${gap.reason}` })),
    ...fromGaps.filter((gap) => !after.has(describeGap(gap))).map((gap) => ({ where: gap.cell, what: `no longer a gap: ${gap.reason}` })),
  ];
  if (fromGaps.length && toGaps.length && from.justification !== to.justification) {
    changes.push({ where: "release", what: "justification for publishing with gaps changed" });
  }
  return changes.map((change) => ({ ...change, what: withBidiControlsNamed(change.what) }));
}

/** The gap with its cell spelt as today ("R2×U1"): releases published before 2 December stored "R2 × U1". */
function withCellKeyLabel(gap: ReleaseGap): ReleaseGap {
  const codes = parseCellKey(gap.cell);
  return codes ? { ...gap, cell: cellKeyLabel(codes.riskCode, codes.useCode) } : gap;
}

const TABLE_ROW = /^\|.*\|$/;
const DELIMITER_ROW = /^\|(?: *:?-+:? *\|)+$/;

/**
 * The markdown with its tables' padding collapsed, as the rendered card shows them: remark pads each
 * cell to its column's widest, so one longer rationale or title re-pads every row of its table, and
 * the line diff would show the whole table changed where one row did.
 */
async function withoutTablePadding(markdown: string, pace: Pace): Promise<string> {
  const parts: string[] = [];
  // A part at a time, each ending at a line's end: a large card's markdown is a million lines.
  // `<=`: a markdown ending in a line break ends in an empty line, as split("\n") reads it.
  for (let start = 0; start <= markdown.length; ) {
    const lineEnd = markdown.indexOf("\n", start + PADDING_PART);
    const end = lineEnd < 0 ? markdown.length : lineEnd;
    parts.push(
      markdown
        .slice(start, end)
        .split("\n")
        .map((line) => (DELIMITER_ROW.test(line) ? line.replace(/ *-+ */g, " --- ") : TABLE_ROW.test(line) ? line.replace(/ {2,}/g, " ") : line))
        .join("\n"),
    );
    await pace.spend(end - start);
    start = end + 1;
  }
  return parts.join("\n");
}

/** Characters of markdown unpadded between two counts of the work. */
const PADDING_PART = 10_000;

export function describeMatrixChange(change: MatrixChange): string {
  return `${change.where}: ${change.what}`;
}

/**
 * `notRecorded`: the fields either release did not record (diffReleases reads them from its JSON), which are not compared.
 * A 500 x 100 card is 50,000 cells to compare: others get turns on the way (`pace`).
 */
export async function diffMatrix(
  from: StoredSnapshot,
  to: StoredSnapshot,
  history?: RowHistory,
  notRecorded: NotRecorded = { smokeTestEvidence: false, answeredAndJudged: false, smokeTestCells: false, selfApprovals: false, otherModelCells: false },
  pace: Pace = newPace(),
): Promise<MatrixChange[]> {
  const changes: MatrixChange[] = [];
  // The risks and uses the newer release lacks that the model still holds, and those the older one lacked as retired rows.
  const retired = new Set<string>();
  const restored = new Set<string>();
  const added = new Set<string>();
  for (const [kind, before, after, kept] of [
    ["risk", from.card.risks, to.card.risks, history?.risks],
    ["use", from.card.uses, to.card.uses, history?.uses],
  ] as const) {
    const beforeCodes = new Set(before.map((item) => item.code));
    const afterCodes = new Set(after.map((item) => item.code));
    for (const code of afterCodes) {
      if (beforeCodes.has(code)) continue;
      (history?.retiredAtOlder.has(code) ? restored : added).add(code);
      changes.push({ where: code, what: `${kind} ${restored.has(code) ? "restored" : "added"}` });
    }
    for (const code of beforeCodes) {
      if (afterCodes.has(code)) continue;
      if (kept?.has(code)) retired.add(code);
      changes.push({ where: code, what: `${kind} ${retired.has(code) ? "retired" : "removed"}` });
    }
  }
  changes.push(...rowChanges(from.card, to.card).map((change) => ({ ...change, what: withBidiControlsNamed(change.what) })));
  // A mitigation is known by its text: an edited text is one mitigation gone and another come.
  const beforeMitigations = new Map(from.card.risks.map((risk) => [risk.code, new Set(risk.mitigations)]));
  const afterMitigations = new Map(to.card.risks.map((risk) => [risk.code, new Set(risk.mitigations)]));
  for (const [risk, after] of afterMitigations) {
    const before = beforeMitigations.get(risk);
    if (!before) continue;
    for (const text of before)
      if (!after.has(text)) changes.push({ where: risk, what: withBidiControlsNamed(`mitigation "${text}" ${mitigationGone(text, history)}`) });
    for (const text of after) {
      if (!before.has(text)) {
        const how = history?.mitigationsRetiredAtOlder.has(text) ? "restored" : "added";
        changes.push({ where: risk, what: withBidiControlsNamed(`mitigation "${text}" ${how}`) });
      }
    }
  }

  const beforeCells = keyed(from.card.cells);
  const afterCells = keyed(to.card.cells);
  const beforeEvidence = keyed(from.evidence.cells);
  const afterEvidence = keyed(to.evidence.cells);
  const selfApproved = notRecorded.selfApprovals ? undefined : selfApprovedChanges(from.selfApprovals, to.selfApprovals);
  if (selfApproved?.rule) changes.push({ where: "separation of duties", what: selfApproved.rule });
  const beforeAcceptances = new Map(from.acceptedRisks?.map((accepted) => [accepted.cell, accepted]));
  const afterAcceptances = new Map(to.acceptedRisks?.map((accepted) => [accepted.cell, accepted]));
  const [beforeDocuments, afterDocuments] = [documentsByCell(from), documentsByCell(to)];
  // Card order of the newer release first, then cells only the older one had.
  const names = [...new Set([...afterCells.keys(), ...beforeCells.keys()])];
  const byCell = await mapPaced(names, pace, (name) => {
    const what = [
      ...cellChanges(beforeCells.get(name), afterCells.get(name), beforeMitigations, afterMitigations, { retired, restored, added }),
      ...evidenceChanges(beforeEvidence.get(name), afterEvidence.get(name), {
        smokeTest: !notRecorded.smokeTestEvidence,
        answeredAndJudged: !notRecorded.answeredAndJudged,
      }),
      ...documentChanges(documentsOf(beforeDocuments, name), documentsOf(afterDocuments, name)),
      ...acceptanceChanges(beforeAcceptances.get(name), afterAcceptances.get(name)),
      ...(selfApproved?.cells.get(name) ?? []),
    ];
    // A line quotes the card's texts: a bidirectional control in one is named, not left to reorder the line.
    return what.map((line) => ({ where: name, what: withBidiControlsNamed(line) }));
  });
  for (const lines of byCell) changes.push(...lines);
  changes.push(
    ...decisionChanges(from.decisions, to.decisions, { smokeTestCells: !notRecorded.smokeTestCells, otherModelCells: !notRecorded.otherModelCells }).map(
      (change) => ({ ...change, what: withBidiControlsNamed(change.what) }),
    ),
  );
  return changes;
}

/**
 * Each use's deploy decision: what the rules computed and what an approver signed. A release
 * published before decisions were recorded is not compared on them, nor a use only one release has
 * (its "use added" or "removed" line says so).
 */
function decisionChanges(before: AsStored<CardDecisions> | undefined, after: AsStored<CardDecisions> | undefined, known: RestsOnKnown): MatrixChange[] {
  if (!before || !after) return [];
  const changes: MatrixChange[] = [];
  if (before.ruleSet.hash !== after.ruleSet.hash) {
    const named = (ruleSet: CardDecisions["ruleSet"]) => `"${ruleSet.name}" (sha256 ${ruleSet.hash.slice(0, 12)})`;
    changes.push({ where: "deploy rules", what: `rule set ${named(before.ruleSet)} -> ${named(after.ruleSet)}` });
  }
  const beforeUses = new Map(before.uses.map((entry) => [entry.use, entry]));
  for (const entry of after.uses) {
    const earlier = beforeUses.get(entry.use);
    if (earlier) changes.push(...decisionLines(earlier, entry, known).map((what) => ({ where: entry.use, what })));
  }
  return changes;
}

/** Whether both releases recorded the cells a computed decision rests on smoke-test evidence for, and on another model's imports for. */
interface RestsOnKnown {
  smokeTestCells: boolean;
  otherModelCells: boolean;
}

/** Where both releases did not record the smoke-test cells, only the outcomes are compared; where not the other model's, those cells are left out. */
function decisionLines(before: AsStored<CardDecision>, after: AsStored<CardDecision>, known: RestsOnKnown): string[] {
  const changes: string[] = [];
  const change = (field: string, a: string, b: string) => {
    if (a !== b) changes.push(`${field} ${a} -> ${b}`);
  };
  // Evidence of the generated tiny model backs nothing real: the cells an outcome rests on it for are named with it.
  const computedText = (entry: AsStored<CardDecision>) => computedDecisionText(known.otherModelCells ? entry : { ...entry, otherModelCells: [] });
  if (known.smokeTestCells || before.computed !== after.computed) {
    change("computed deploy decision", computedText(before), computedText(after));
  }
  const smokeTestBasis = after.smokeTestCells.length
    ? `, on a computed decision resting on ${SMOKE_TEST_MODEL} evidence: ${after.smokeTestCells.join(", ")}`
    : "";
  const was = before.signed;
  const now = after.signed;
  const signer = (signed: NonNullable<AsStored<CardDecision>["signed"]>) => signed.signedBy ?? "unknown";
  if (!was && now) {
    changes.push(`deploy decision signed: ${outcome(now.outcome)}, by ${signer(now)} on ${now.signedOn}, expires ${now.expiresOn}${smokeTestBasis}`);
  } else if (was && !now) {
    changes.push(`signed deploy decision no longer shown (was ${outcome(was.outcome)}, by ${signer(was)})`);
  } else if (was && now) {
    if (was.outcome !== now.outcome) changes.push(`signed deploy decision ${outcome(was.outcome)} -> ${outcome(now.outcome)}${smokeTestBasis}`);
    change("deploy decision signed by", signer(was), signer(now));
    change("deploy decision signed on", was.signedOn, now.signedOn);
    change("deploy decision expiry", was.expiresOn, now.expiresOn);
    if (was.conditions.join("\n") !== now.conditions.join("\n")) changes.push("deploy decision conditions changed");
    if (was.note !== now.note) changes.push("deploy decision note changed");
    change("deploy decision", labelAsStored(decisionStateLabel, was.state), labelAsStored(decisionStateLabel, now.state));
  }
  return changes;
}

const USE_FACTS = [
  ["purpose", "purpose"],
  ["capability", "capability"],
  ["aiUser", "AI user"],
  ["aiSubject", "AI subject"],
  ["domain", "domain"],
] as const;

/** Of each risk and use both releases list, what the card says of it: a risk's title, type and harm area, a use's facts. */
function rowChanges(before: StoredSnapshot["card"], after: StoredSnapshot["card"]): MatrixChange[] {
  const changes: MatrixChange[] = [];
  const quoted = (text: string) => `"${text}"`;
  const beforeRisks = new Map(before.risks.map((risk) => [risk.code, risk]));
  for (const risk of after.risks) {
    const was = beforeRisks.get(risk.code);
    if (!was) continue;
    const change = (field: string, a: string, b: string) => {
      if (a !== b) changes.push({ where: risk.code, what: `${field} ${a} -> ${b}` });
    };
    change("title", quoted(was.title), quoted(risk.title));
    change("risk type", labelAsStored(riskTypeLabel, was.riskType), labelAsStored(riskTypeLabel, risk.riskType));
    change("harm area", labelAsStored(harmAreaLabel, was.harmArea), labelAsStored(harmAreaLabel, risk.harmArea));
  }
  const beforeUses = new Map(before.uses.map((use) => [use.code, use]));
  for (const use of after.uses) {
    const was = beforeUses.get(use.code);
    if (!was) continue;
    for (const [field, name] of USE_FACTS)
      if (was[field] !== use[field]) changes.push({ where: use.code, what: `${name} ${quoted(was[field])} -> ${quoted(use[field])}` });
  }
  return changes;
}

/** What became of a mitigation a risk no longer lists. */
function mitigationGone(text: string, history: RowHistory | undefined): string {
  const mergedInto = history?.mergedMitigations.get(text);
  if (mergedInto !== undefined) return `merged into "${mergedInto}"`;
  return history?.retiredMitigations.has(text) ? "retired" : "removed";
}

/** `…Mitigations`: each release's risks' mitigation texts, by risk code; `rows`: the risks and uses retired, restored and added between them. */
function cellChanges(
  before: AsStored<CardCell> | undefined,
  after: AsStored<CardCell> | undefined,
  beforeMitigations: Map<string, Set<string>>,
  afterMitigations: Map<string, Set<string>>,
  rows: Record<"retired" | "restored" | "added", ReadonlySet<string>>,
): string[] {
  if (!before) {
    // A restored risk's cell with a use added since is new.
    const codes = [after!.risk, after!.use];
    const row = codes.some((code) => rows.added.has(code)) ? undefined : codes.find((code) => rows.restored.has(code));
    return [row ? `cell restored with ${row}` : "cell added"];
  }
  if (!after) {
    const row = [before.risk, before.use].find((code) => rows.retired.has(code));
    return [row ? `cell retired with ${row}` : "cell removed"];
  }
  const changes: string[] = [];
  const change = (field: string, a: string, b: string) => {
    if (a !== b) changes.push(`${field} ${a} -> ${b}`);
  };
  change("applies", labelAsStored(appliesLabel, before.applies), labelAsStored(appliesLabel, after.applies));
  change("likelihood", rating(before.likelihood), rating(after.likelihood));
  change("severity", rating(before.severity), rating(after.severity));
  change("level", level(before), level(after));
  change("subject at risk", subject(before), subject(after));
  change("review", labelAsStored(reviewStatusLabel, before.reviewStatus), labelAsStored(reviewStatusLabel, after.reviewStatus));
  if (before.rationale !== after.rationale) changes.push("rationale changed");
  // Of a mitigation its risk no longer lists nothing is said here (the risk's line says it went); of
  // one new to the risk, the status it has now.
  const status = (cell: AsStored<CardCell>, mitigation: string) => labelAsStored(mitigationStatusLabel, cell.mitigationStatus[mitigation] ?? "NOT_STARTED");
  for (const mitigation of afterMitigations.get(after.risk) ?? []) {
    if (beforeMitigations.get(before.risk)?.has(mitigation)) change(`mitigation "${mitigation}"`, status(before, mitigation), status(after, mitigation));
    else if (after.mitigationStatus[mitigation]) changes.push(`mitigation "${mitigation}" ${status(after, mitigation)}`);
  }
  return changes;
}

/** `smokeTestKnown`: both releases recorded which model made their evidence. */
/** Which of the evidence rows' later fields both releases recorded (Recorded), and so are compared. */
interface EvidenceFieldsKnown {
  smokeTest: boolean;
  answeredAndJudged: boolean;
}

function evidenceChanges(before: AsStored<CellEvidence> | undefined, after: AsStored<CellEvidence> | undefined, known: EvidenceFieldsKnown): string[] {
  if (!before && !after) return [];
  if (!before) return [`evidence added, verdict ${verdict(after!)}${smokeTag(after!)}${after!.overrides ? `, ${overriddenText(after!)}` : ""}`];
  if (!after) return [`evidence removed (was ${verdict(before)}${smokeTag(before)})`];
  const changes: string[] = [];
  if (verdict(before) !== verdict(after)) changes.push(`verdict ${verdict(before)}${smokeTag(before)} -> ${verdict(after)}${smokeTag(after)}`);
  if (before.n !== after.n || before.failures !== after.failures) {
    changes.push(`failures ${before.failures}/${before.n}${smokeTag(before)} -> ${after.failures}/${after.n}${smokeTag(after)}`);
  }
  if (known.smokeTest && before.smokeTest !== after.smokeTest) {
    const source = (evidence: AsStored<CellEvidence>) => (evidence.smokeTest ? `from the ${SMOKE_TEST_MODEL}` : "from the model itself");
    changes.push(`evidence ${source(before)} -> ${source(after)}`);
  }
  if (before.campaign !== after.campaign) changes.push(`campaign ${before.campaign} -> ${after.campaign}`);
  // A campaign's name may come back (a nightly run): what answered and what judged under it may not.
  if (known.answeredAndJudged) {
    for (const [what, field] of [
      ["served model", "servedModel"],
      ["model judge", "judge"],
      ["model judge's served model", "judgeServedModel"],
    ] as const) {
      if (before[field] !== after[field]) changes.push(`${what} ${before[field] ?? "none"} -> ${after[field] ?? "none"}`);
    }
  }
  if (before.overrides !== undefined && after.overrides !== undefined && before.overrides !== after.overrides) {
    changes.push(`overridden verdicts ${before.overrides} -> ${after.overrides}`);
  }
  return changes;
}

/** Each cell's documents, links and attestations; undefined where the release did not record them. */
function documentsByCell(snapshot: StoredSnapshot): Map<string, AsStored<DocumentedEvidence>[]> | undefined {
  const documented = snapshot.evidence.documented;
  if (!documented) return undefined;
  const byCell = new Map<string, AsStored<DocumentedEvidence>[]>();
  for (const row of documented) {
    const name = cellName(row.risk, row.use);
    const rows = byCell.get(name);
    if (rows) rows.push(row);
    else byCell.set(name, [row]);
  }
  return byCell;
}

/** The documents backing the cell: none where the release recorded others', undefined where it recorded none. */
function documentsOf(byCell: Map<string, AsStored<DocumentedEvidence>[]> | undefined, name: string): AsStored<DocumentedEvidence>[] | undefined {
  return byCell && (byCell.get(name) ?? []);
}

function documentChanges(before: AsStored<DocumentedEvidence>[] | undefined, after: AsStored<DocumentedEvidence>[] | undefined): string[] {
  if (!before || !after) return [];
  const identity = (row: AsStored<DocumentedEvidence>) => JSON.stringify([row.kind, row.title, row.url, row.body, row.date]);
  const named = (row: AsStored<DocumentedEvidence>) => `${labelAsStored(documentedKindLabel, row.kind)} "${row.title}"`;
  const beforeIds = new Set(before.map(identity));
  const afterIds = new Set(after.map(identity));
  return [
    ...after.filter((row) => !beforeIds.has(identity(row))).map((row) => `${named(row)} attached`),
    ...before.filter((row) => !afterIds.has(identity(row))).map((row) => `${named(row)} no longer attached`),
  ];
}

/**
 * The terms of an acceptance both releases record: the cell is "accepted" in both, so a renewal on
 * new terms shows nowhere else. A cell accepted in one release only says so in its review line.
 */
function acceptanceChanges(before: CardAcceptedRisk | undefined, after: CardAcceptedRisk | undefined): string[] {
  if (!before || !after) return [];
  const changes: string[] = [];
  const change = (field: string, a: string, b: string) => {
    if (a !== b) changes.push(`${field} ${a} -> ${b}`);
  };
  change("acceptance expiry", before.acceptedUntil ?? "none", after.acceptedUntil ?? "none");
  change("accepted by", before.acceptedBy ?? "nobody named", after.acceptedBy ?? "nobody named");
  if (before.justification !== after.justification) changes.push("acceptance justification changed");
  const standing = (accepted: CardAcceptedRisk) => (accepted.expired ? "expired" : "in force");
  change("acceptance", standing(before), standing(after));
  return changes;
}

/**
 * Separation of duties turned on or off, and each cell that came to be, or ceased to be, approved by
 * the person who last changed its judgement; nothing where either release did not record them.
 */
function selfApprovedChanges(
  before: CardSelfApprovals | undefined,
  after: CardSelfApprovals | undefined,
): { rule: string | null; cells: Map<string, string[]> } | undefined {
  if (!before || !after) return undefined;
  const onOff = (on: boolean) => (on ? "on" : "off");
  const rule = before.separationOfDuties === after.separationOfDuties ? null : `${onOff(before.separationOfDuties)} -> ${onOff(after.separationOfDuties)}`;
  const cells = new Map<string, string[]>();
  const [wasSelfApproved, isSelfApproved] = [new Set(before.cells), new Set(after.cells)];
  for (const cell of isSelfApproved) if (!wasSelfApproved.has(cell)) cells.set(cell, ["approved by the person who last changed its judgement"]);
  for (const cell of wasSelfApproved) if (!isSelfApproved.has(cell)) cells.set(cell, ["no longer approved by the person who last changed its judgement"]);
  return { rule, cells };
}

function keyed<T extends { risk: string; use: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((item) => [cellName(item.risk, item.use), item]));
}

function rating(value: number | null): string {
  return value === null ? "unrated" : String(value);
}

function level(cell: AsStored<CardCell>): string {
  const derived = riskLevel(cell.likelihood, cell.severity);
  return derived ? levelLabel[derived.level] : "unrated";
}

function subject(cell: AsStored<CardCell>): string {
  return cell.subjectAtRisk ? labelAsStored(subjectAtRiskLabel, cell.subjectAtRisk) : "none";
}

function smokeTag(evidence: AsStored<CellEvidence>): string {
  return evidence.smokeTest ? ` (${SMOKE_TEST_MODEL})` : "";
}

function verdict(evidence: AsStored<CellEvidence>): string {
  const word = labelAsStored(verdictLabel, evidence.verdict);
  return evidence.stale ? `${word} (stale)` : word;
}

function outcome(value: string): string {
  return labelAsStored(deployOutcomeLabel, value);
}
