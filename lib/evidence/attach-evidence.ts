// Evidence a reviewer enters by hand: a document, a link or an attestation. It is how a cell no
// prompt can test (lib/suites/risks.ts untestableRisks) gets backed. Campaign evidence is written
// by the campaign runner, never here.
import { z } from "zod";
import { freeText } from "../domain/free-text";
import { namedEnum } from "../domain/named-enum";
import { recordAuditEvent } from "../audit/record-audit-event";
import { cellRefSchema, type CellRef } from "../cells/cell-edit-schema";
import { resolveCellId, retiredCellRefusal } from "../cells/update-cell";
import type { Db } from "../db/types";
import { defineCommand, type FieldIssue } from "../commands/define-command";

export const ATTACHABLE_EVIDENCE_KINDS = ["DOCUMENT", "LINK", "ATTESTATION"] as const;
export type AttachableEvidenceKind = (typeof ATTACHABLE_EVIDENCE_KINDS)[number];

/** Pages render the url as a link, so only http(s) is stored: no javascript: or data: urls. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

export const attachEvidenceSchema = z
  .object({
    ref: cellRefSchema,
    kind: namedEnum("the kind of evidence", ATTACHABLE_EVIDENCE_KINDS),
    title: freeText("the title").trim().min(1, "a title is required").max(200, "the title is limited to 200 characters"),
    url: z.string().trim().max(2_000, "the url is limited to 2,000 characters").refine(isHttpUrl, "the url must start with http:// or https://").optional(),
    body: freeText("the text").max(10_000, "the text is limited to 10,000 characters").default(""),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.kind === "LINK" && !input.url) ctx.addIssue({ code: "custom", path: ["url"], message: "a link needs an http(s) url" });
    if (input.kind === "ATTESTATION" && input.body.trim() === "") {
      ctx.addIssue({ code: "custom", path: ["body"], message: "an attestation needs its text: what is attested, and by whom" });
    }
  });

export type AttachEvidenceInput = z.input<typeof attachEvidenceSchema>;

export interface AttachedEvidence {
  id: string;
  cellId: string;
  kind: AttachableEvidenceKind;
  title: string;
  url: string | null;
  body: string;
  createdById: string | null;
  createdAt: Date;
}

export type AttachEvidenceResult =
  | { ok: true; evidence: AttachedEvidence }
  | { ok: false; kind: "invalid"; message: string; issues: FieldIssue[] }
  | { ok: false; kind: "not_found"; message: string }
  | { ok: false; kind: "forbidden"; message: string };

export const attachEvidence = defineCommand({
  name: "evidence.attach",
  doing: "attaching evidence",
  role: "REVIEWER",
  schema: attachEvidenceSchema,
  audit: ["evidence.attach"],
  async run(db, actor, input): Promise<AttachEvidenceResult> {
    const { ref, kind, title, url, body } = input;

    return db.$transaction(async (tx) => {
      const cellId = await resolveCellId(tx, ref);
      if (!cellId) return { ok: false, kind: "not_found", message: describeMissing(ref) } as const;
      const retired = await retiredCellRefusal(tx, cellId);
      if (retired) return retired;
      const evidence = await tx.evidence.create({
        data: { cellId, kind, title, url: url ?? null, body, createdById: actor.id },
        select: { id: true, cellId: true, kind: true, title: true, url: true, body: true, createdById: true, createdAt: true },
      });
      // Recorded against the cell, so the attachment shows in the cell's history and the model's audit log.
      await recordAuditEvent(tx, actor, {
        action: "evidence.attach",
        entityType: "Cell",
        entityId: cellId,
        after: { evidence: { id: evidence.id, kind, title, url: url ?? null } },
      });
      return { ok: true, evidence: { ...evidence, kind } } as const;
    });
  },
});

/** A cell's hand-entered evidence as the cell editor lists it, newest first. */
export interface AttachedEvidenceView {
  id: string;
  kind: AttachableEvidenceKind;
  title: string;
  /** Null unless it is an http(s) url, so it is always safe to render as a link. */
  url: string | null;
  body: string;
  createdBy: string | null;
  createdAt: string;
}

export async function loadAttachedEvidence(db: Db, cellId: string): Promise<AttachedEvidenceView[]> {
  const rows = await db.evidence.findMany({
    where: { cellId, kind: { in: [...ATTACHABLE_EVIDENCE_KINDS] } },
    orderBy: { createdAt: "desc" },
    include: { createdBy: { select: { name: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind as AttachableEvidenceKind,
    title: row.title,
    url: row.url && isHttpUrl(row.url) ? row.url : null,
    body: row.body,
    createdBy: row.createdBy?.name ?? null,
    createdAt: row.createdAt.toISOString(),
  }));
}

function describeMissing(ref: CellRef): string {
  if ("cellId" in ref) return `no cell with id ${ref.cellId}`;
  return `no cell ${ref.risk} x ${ref.use} in model ${ref.modelSlug}: unknown risk or use code`;
}
