// What a release freezes besides its markdown: the card and the evidence it was rendered from. The
// JSON export and every release's `json` column hold this shape, so a diff of two releases can
// compare the matrix as data instead of guessing from the markdown.
import { z } from "zod";
import { cardEvidenceSchema } from "../card/evidence";
import { cardSchema } from "../card/schema";
import { cardDecisionsSchema } from "../card/deployment-decisions";
import { cardInheritanceSchema } from "../card/card-inheritance";
import { cardAcceptedRiskSchema } from "../card/accepted-risks";
import { withBidiControlsEscaped } from "../domain/bidi-controls";
import { newPace } from "../card/pace";
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
  const snapshot = storedSnapshotSchema.parse(stored);
  // Evidence rows record which model answered since 2 December. Before, a release said it once for
  // the whole card: whether the model's checkpoint was the generated tiny model, whose answers every
  // campaign's evidence then was. A row of such a release takes that, never the default (the model's
  // own answers), so nothing derived from it passes the smoke test off as a measurement.
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
 * as a stored release is, with its defaults, and written with its keys in one order, so neither a
 * field an older release left to its default nor the order of the keys tells them apart.
 */
export function sameSnapshot(json: string, other: string): boolean {
  return canonicalJson(parseSnapshotJson(json)) === canonicalJson(parseSnapshotJson(other));
}

function canonicalJson(snapshot: StoredSnapshot): string {
  return JSON.stringify(snapshot, (_key, value) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
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
