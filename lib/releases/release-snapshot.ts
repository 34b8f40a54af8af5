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

/**
 * The one serialisation: the JSON download of the live card and the stored release agree byte for
 * byte. A bidirectional control in the card's text is escaped, so it reorders nothing after it.
 */
export function snapshotJson(snapshot: ReleaseSnapshot): string {
  return `${withBidiControlsEscaped(JSON.stringify(snapshot, null, 2))}\n`;
}

export function parseSnapshotJson(json: string): ReleaseSnapshot {
  return releaseSnapshotSchema.parse(JSON.parse(json));
}
