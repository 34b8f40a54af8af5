// What the matrix page sends to the browser: each cell as the grid shows, filters and sorts it, and
// no more. A cell's full judgement (approval, mitigations, dates, thresholds, the detectors that
// need review) is what its editor asks for when it opens (lib/matrix/cell-editing.ts): sending it
// for every cell made the page's hydration payload several times the grid's.
import type { HarmArea, RiskType } from "../domain/vocabulary";
import type { CellView } from "./cell-view";
import type { EvidenceGlance, EvidenceSummary } from "./evidence-status";
import type { Matrix } from "./load-matrix";

export type CellGlance = Pick<CellView, "id" | "applies" | "level" | "score" | "reviewStatus" | "ownerId" | "rationale"> & {
  evidence: EvidenceGlance;
  inherited: InheritedGlance | null;
};

/** The base model's evidence on a cell with none of its own (lib/matrix/cell-view.ts InheritedEvidenceView), as its badge shows it. */
export interface InheritedGlance {
  from: string;
  evidence: EvidenceGlance;
}

export interface GridUse {
  code: string;
  purpose: string;
}

export interface GridRisk {
  code: string;
  title: string;
  riskType: RiskType;
  harmArea: HarmArea;
  /** Cells keyed by use code. */
  cells: Record<string, CellGlance>;
}

export interface MatrixGrid {
  model: { slug: string; name: string };
  uses: GridUse[];
  risks: GridRisk[];
  people: { id: string; name: string }[];
}

export function toMatrixGrid(matrix: Matrix): MatrixGrid {
  return {
    model: { slug: matrix.model.slug, name: matrix.model.name },
    uses: matrix.uses.map(({ code, purpose }) => ({ code, purpose })),
    risks: matrix.risks.map(({ code, title, riskType, harmArea, cells }) => ({
      code,
      title,
      riskType,
      harmArea,
      cells: Object.fromEntries(Object.entries(cells).map(([useCode, cell]) => [useCode, toCellGlance(cell)])),
    })),
    people: matrix.people,
  };
}

function toCellGlance(cell: CellView): CellGlance {
  const { id, applies, level, score, reviewStatus, ownerId, rationale, inherited } = cell;
  return {
    id,
    applies,
    level,
    score,
    reviewStatus,
    ownerId,
    rationale,
    evidence: evidenceGlance(cell.evidence),
    inherited: inherited && { from: inherited.from, evidence: evidenceGlance(inherited.evidence) },
  };
}

function evidenceGlance(evidence: EvidenceSummary): EvidenceGlance {
  const { status, failures, n, rate, corrected, casesToDecide, staleReasons, smokeTest, campaignName, importedFrom, date, erroredOnly } = evidence;
  return { status, failures, n, rate, corrected, casesToDecide, staleReasons, smokeTest, campaignName, importedFrom, date, erroredOnly };
}
