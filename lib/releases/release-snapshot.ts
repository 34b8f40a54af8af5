// What a release freezes besides its markdown: the card and the evidence it was rendered from. The
// JSON export and every release's `json` column hold this shape, so a diff of two releases can
// compare the matrix as data instead of guessing from the markdown.
import { z } from "zod";
import { cardEvidenceSchema, cellEvidenceSchema } from "../card/evidence";
import { cardSchema, cellSchema } from "../card/schema";
import { cardDecisionsSchema } from "../card/deployment-decisions";
import { cardInheritanceSchema } from "../card/card-inheritance";
import { cardAcceptedRiskSchema } from "../card/accepted-risks";
import { cardSelfApprovalsSchema } from "../card/self-approvals";
import { withBidiControlsEscaped } from "../domain/bidi-controls";
import { mapPaced, newPace, type Pace, WORK_BETWEEN_TURNS } from "../card/pace";
import { pacedJson } from "../card/paced-json";
import type { AsStored } from "../domain/vocabulary";

export const releaseSnapshotSchema = z.object({
  card: cardSchema,
  evidence: cardEvidenceSchema,
  /** A release published with gaps carries them and the approver's justification in every format. */
  acceptance: z.object({ gaps: z.array(z.string()), justification: z.string() }).optional(),
  /** The uses' deploy decisions as they stood; absent in releases published before decisions existed. */
  decisions: cardDecisionsSchema.optional(),
  /** A fine-tune's base model, the risks and evidence it inherits from it; absent for a model without a base. */
  inheritance: cardInheritanceSchema.optional(),
  /** Cells accepted rather than approved on their evidence, with each acceptance's terms; absent when there are none, and in releases published before it was recorded. */
  acceptedRisks: z.array(cardAcceptedRiskSchema).optional(),
  /** Separation of duties off, or cells approved by their own judge; absent when neither (and in releases published before it was recorded). */
  selfApprovals: cardSelfApprovalsSchema.optional(),
});

export type ReleaseSnapshot = z.infer<typeof releaseSnapshotSchema>;
/** A release's snapshot as read back: a verdict, status or state it holds may be one dropped since. */
export type StoredSnapshot = AsStored<ReleaseSnapshot>;

/**
 * The one serialisation: the JSON download of the live card and the stored release agree byte for
 * byte. A bidirectional control in the card's text is escaped, so it reorders nothing after it.
 * Written a part at a time, with turns for other requests between.
 */
export async function snapshotJson(snapshot: ReleaseSnapshot): Promise<string> {
  return `${withBidiControlsEscaped(await pacedJson(snapshot, newPace(), 2))}\n`;
}

/**
 * A stored release is read for its shape: today's schema with its content rules (lengths, code
 * patterns, ranges, refused characters) and its closed sets left out. A rule tightened or a value
 * renamed after a release was published must not stop that release from opening; it was valid
 * under the rules of its day, and its fields still have the types and defaults the readers need.
 */
const storedSnapshotSchema = shapeOf(releaseSnapshotSchema);

export function parseSnapshotJson(json: string): StoredSnapshot {
  const stored = JSON.parse(json);
  return withSmokeTestOfItsDay(stored, storedSnapshotSchema.parse(stored));
}

// Evidence rows record which model answered since 2 December. Before, a release said it once for
// the whole card: whether the model's checkpoint was the generated tiny model, whose answers every
// campaign's evidence then was. A row of such a release takes that, never the default (the model's
// own answers), so nothing derived from it passes the smoke test off as a measurement.
function withSmokeTestOfItsDay(stored: { evidence?: { cells?: unknown } } | null, snapshot: StoredSnapshot): StoredSnapshot {
  const rows: unknown[] = Array.isArray(stored?.evidence?.cells) ? stored.evidence.cells : [];
  snapshot.evidence.cells.forEach((row, index) => {
    if (!recordsSmokeTest(rows[index])) row.smokeTest = snapshot.evidence.smokeTestModel;
  });
  return snapshot;
}

function recordsSmokeTest(row: unknown): boolean {
  return typeof row === "object" && row !== null && "smokeTest" in row;
}

/**
 * Whether two snapshots (a stored release's JSON and the card's now) hold the same data: each read
 * as a stored release is, with its defaults, and compared key by key, so neither a field an older
 * release left to its default nor the order of the keys tells them apart. A large card's are tens
 * of megabytes: read and compared a row at a time, with turns for other requests on the way.
 */
export async function sameSnapshot(json: string, other: string): Promise<boolean> {
  const pace = newPace();
  return sameData(await readSnapshotPaced(json, pace), await readSnapshotPaced(other, pace), pace);
}

/** The rows of the matrix's size (one per cell) compared this many at a time: milliseconds of work. */
const ROWS_BETWEEN_TURNS = 500;

const storedCellSchema = shapeOf(cellSchema);
const storedEvidenceRowSchema = shapeOf(cellEvidenceSchema);

/** parseSnapshotJson's snapshot, its cells and evidence rows read a part at a time. */
export async function readSnapshotPaced(json: string, pace: Pace): Promise<StoredSnapshot> {
  const stored = JSON.parse(json);
  await pace.spend(WORK_BETWEEN_TURNS);
  return readStoredSnapshot(stored, pace);
}

/** A stored release's JSON, parsed, read as parseSnapshotJson reads it: its cells and evidence rows a part at a time. */
export async function readStoredSnapshot(stored: { card?: { cells?: unknown }; evidence?: { cells?: unknown } } | null, pace: Pace): Promise<StoredSnapshot> {
  const cells: unknown = stored?.card?.cells;
  const rows: unknown = stored?.evidence?.cells;
  if (!stored || !Array.isArray(cells) || !Array.isArray(rows)) return withSmokeTestOfItsDay(stored, storedSnapshotSchema.parse(stored));
  const snapshot = storedSnapshotSchema.parse({ ...stored, card: { ...stored.card, cells: [] }, evidence: { ...stored.evidence, cells: [] } });
  snapshot.card.cells = await mapPaced(cells, pace, (row) => storedCellSchema.parse(row));
  snapshot.evidence.cells = await mapPaced(rows, pace, (row) => storedEvidenceRowSchema.parse(row));
  return withSmokeTestOfItsDay(stored, snapshot);
}

/** Whether `a` and `b`, read from JSON, hold the same data: an object's keys in any order, one whose value is undefined absent, as JSON writes it. */
async function sameData(a: unknown, b: unknown, pace: Pace): Promise<boolean> {
  if (Array.isArray(a) && Array.isArray(b) && a.length > ROWS_BETWEEN_TURNS) {
    if (a.length !== b.length) return false;
    for (const [index, item] of a.entries()) {
      if (!sameValue(item, b[index])) return false;
      if (index % ROWS_BETWEEN_TURNS === ROWS_BETWEEN_TURNS - 1) await pace.spend(WORK_BETWEEN_TURNS);
    }
    return true;
  }
  if (!isRecord(a) || !isRecord(b)) return sameValue(a, b);
  const keys = writtenKeys(a);
  if (keys.length !== writtenKeys(b).length) return false;
  for (const key of keys) if (!(await sameData(a[key], b[key], pace))) return false;
  return true;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = writtenKeys(a);
  return keys.length === writtenKeys(b).length && keys.every((key) => sameValue(a[key], b[key]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The keys JSON writes of an object: those whose value is not undefined. */
function writtenKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined);
}

/**
 * `schema` with every check and refinement dropped at every depth, and each enum or string literal
 * any string: the same types, optionals and defaults.
 */
function shapeOf<T extends z.ZodType>(schema: T): z.ZodType<AsStored<z.output<T>>> {
  return shapeOfAny(schema) as z.ZodType<AsStored<z.output<T>>>;
}

function shapeOfAny(schema: z.ZodType): z.ZodType {
  const def = schema.def as z.core.$ZodTypes["_zod"]["def"];
  switch (def.type) {
    case "string":
      return z.string();
    case "number":
      return z.number();
    case "enum":
      return z.string();
    case "literal":
      return def.values.every((value) => typeof value === "string") ? z.string() : schema;
    case "boolean":
    case "unknown":
      return schema;
    case "object":
      return z.object(Object.fromEntries(Object.entries(def.shape).map(([key, field]) => [key, shapeOfAny(field as z.ZodType)])));
    case "array":
      return z.array(shapeOfAny(def.element as z.ZodType));
    case "record":
      return z.record(shapeOfAny(def.keyType as z.ZodType) as z.ZodString, shapeOfAny(def.valueType as z.ZodType));
    case "optional":
      return shapeOfAny(def.innerType as z.ZodType).optional();
    case "nullable":
      return shapeOfAny(def.innerType as z.ZodType).nullable();
    case "default":
      return shapeOfAny(def.innerType as z.ZodType).default(def.defaultValue);
    default:
      // A kind of schema this has not learnt to loosen: fail at load, in every test, not on one release.
      throw new Error(`a release snapshot's schema holds a ${def.type} schema, which shapeOf cannot read for its shape`);
  }
}
