// One cell as its editor on the matrix needs it: the cell's whole view, its risk's mitigations (the
// editor sets each one's status), the model's scale texts, the cell's history and its attached
// documents. The matrix page sends only each cell's glance (lib/matrix/matrix-grid.ts); the editor
// loads this in one request when it opens (server actions run one at a time, so every further
// request the editor made on opening was another round trip) and again after each save.
import type { Db } from "../db/types";
import type { HarmArea } from "../domain/vocabulary";
import { loadAttachedEvidence, type AttachedEvidenceView } from "../evidence/attach-evidence";
import { loadModelEvidence } from "../evidence/cell-evidence";
import { loadInheritance } from "../inheritance/load-inheritance";
import { activeLinks } from "../mitigations/active-links";
import { readScaleTexts, type ScaleTexts } from "../models/scale-texts";
import { cellViewInclude, toCellView, type CellView } from "./cell-view";
import { loadCellHistory, type CellHistoryEntry } from "./load-cell-history";

export interface EditedRisk {
  code: string;
  title: string;
  harmArea: HarmArea;
  mitigations: { id: string; text: string }[];
}

export interface CellEditing {
  cell: CellView;
  risk: EditedRisk;
  use: { code: string; purpose: string };
  /** What each likelihood and severity step means for the cell's model. */
  scaleTexts: ScaleTexts;
  history: CellHistoryEntry[];
  attachedEvidence: AttachedEvidenceView[];
}

/** The cell with id `cellId` for its editor; null when there is none. */
export async function loadCellEditing(db: Db, cellId: string): Promise<CellEditing | null> {
  const cell = await db.cell.findUnique({
    where: { id: cellId },
    include: {
      ...cellViewInclude,
      risk: {
        select: {
          code: true,
          title: true,
          harmArea: true,
          model: { select: { slug: true, scaleTexts: true } },
          mitigations: {
            where: activeLinks,
            orderBy: { position: "asc" },
            select: { mitigationId: true, mitigation: { select: { id: true, text: true } } },
          },
        },
      },
      use: { select: { code: true, purpose: true } },
    },
  });
  if (!cell) return null;
  const { slug, scaleTexts } = cell.risk.model;
  const [evidence, history, attachedEvidence] = await Promise.all([loadModelEvidence(db, slug), loadCellHistory(db, cellId), loadAttachedEvidence(db, cellId)]);
  const inheritance = await loadInheritance(db, slug, evidence);
  return {
    cell: toCellView(cell, evidence, inheritance),
    risk: { code: cell.risk.code, title: cell.risk.title, harmArea: cell.risk.harmArea, mitigations: cell.risk.mitigations.map((link) => link.mitigation) },
    use: { code: cell.use.code, purpose: cell.use.purpose },
    scaleTexts: readScaleTexts(scaleTexts),
    history,
    attachedEvidence,
  };
}
