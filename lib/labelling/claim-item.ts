// Reviewers label in parallel without labelling the same run twice: each takes the next item by a
// claim, one conditional UPDATE that succeeds only while nobody else holds the item (unclaimed, or
// its claim expired) and it has no label. Two reviewers racing for one item: one UPDATE matches,
// the other matches nothing and moves on to the next item. A reviewer who walks away loses the
// claim when it expires, and the item goes to the next person; their own unexpired claim comes
// back to them first.
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { defineCommand } from "../commands/define-command";
import type { Db } from "../db/types";
import { modelSlugRef } from "../domain/record-id";

/** Long enough to read an output and decide; short enough that an abandoned item comes back soon. */
export const CLAIM_MS = 10 * 60_000;

/** Candidates looked at per try: enough that a handful of reviewers racing all find one. */
const CANDIDATES = 8;

export const claimItemSchema = z.object({ modelSlug: modelSlugRef });

export type ClaimItemResult = { ok: true; itemId: string | null } | { ok: false; kind: "forbidden" | "invalid"; message: string };

export const claimLabellingItem = defineCommand({
  name: "labelling.claim",
  doing: "taking a case to label",
  role: "REVIEWER",
  schema: claimItemSchema,
  audit: ["labelling.claim"],
  async run(db, actor, { modelSlug }): Promise<ClaimItemResult> {
    if (!actor.id) return { ok: false, kind: "invalid", message: "labels are given by a signed-in reviewer, who is named on each label" };
    const now = new Date();
    const ofModel = { caseRun: { campaign: { model: { slug: modelSlug } } } };
    const held = await db.labellingItem.findFirst({
      where: { ...ofModel, label: null, claimedById: actor.id, claimedUntil: { gt: now } },
      select: { id: true },
    });
    if (held) return { ok: true, itemId: held.id };
    // Disagreements first: they are what the queue is for; the agreeing sample after them.
    for (const reason of ["DISAGREEMENT", "AGREEMENT_SAMPLE"] as const) {
      for (;;) {
        const free = { reason, label: null, OR: [{ claimedUntil: null }, { claimedUntil: { lte: now } }] };
        const candidates = await db.labellingItem.findMany({
          where: { ...ofModel, ...free },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          take: CANDIDATES,
          select: { id: true },
        });
        if (candidates.length === 0) break;
        for (const { id } of candidates) {
          const claimed = await db.labellingItem.updateMany({
            where: { id, ...free },
            data: { claimedById: actor.id, claimedUntil: new Date(Date.now() + CLAIM_MS) },
          });
          if (claimed.count !== 1) continue;
          await recordAuditEvent(db, actor, { action: "labelling.claim", entityType: "LabellingItem", entityId: id, after: { claimedById: actor.id } });
          return { ok: true, itemId: id };
        }
      }
    }
    return { ok: true, itemId: null };
  },
});

/** The items left to label for a model, and how many are labelled: the queue's heading. */
export async function labellingCounts(db: Db, modelSlug: string): Promise<{ waiting: number; labelled: number }> {
  const ofModel = { caseRun: { campaign: { model: { slug: modelSlug } } } };
  const [waiting, labelled] = await Promise.all([
    db.labellingItem.count({ where: { ...ofModel, label: null } }),
    db.labellingItem.count({ where: { ...ofModel, label: { not: null } } }),
  ]);
  return { waiting, labelled };
}
