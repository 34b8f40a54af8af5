// The risk x use matrix of one model: every risk (in the card's order) with its mitigations and
// its cells keyed by use code, the uses as columns, and the people a cell can be assigned to.
import type { Db } from "../db/types";
import { loadModelEvidence } from "../evidence/cell-evidence";
import type { HarmArea, RiskType } from "../domain/vocabulary";
import { type BaseModelRef, type InheritedRisk, loadInheritance } from "../inheritance/load-inheritance";
import { readScaleTexts, type ScaleTexts } from "../models/scale-texts";
import { activeLinks } from "../mitigations/active-links";
import { cellViewInclude, inheritedEvidenceOf, toCellView, type CellView, type InheritedEvidenceView } from "./cell-view";

export interface MatrixUse {
  id: string;
  code: string;
  purpose: string;
  /** Guards edits of the use itself (lib/uses/change-uses.ts). */
  version: number;
}

export interface MatrixRisk {
  id: string;
  code: string;
  /** Guards edits of the risk itself (lib/risks/change-risks.ts). */
  version: number;
  title: string;
  riskType: RiskType;
  harmArea: HarmArea;
  mitigations: { id: string; text: string }[];
  /** Cells keyed by use code. */
  cells: Record<string, CellView>;
}

export interface MatrixInheritedRisk extends InheritedRisk {
  /** The base's evidence on each of its cells, by use code. */
  evidence: Record<string, InheritedEvidenceView>;
}

export interface Matrix {
  model: { slug: string; name: string; scaleTexts: ScaleTexts };
  uses: MatrixUse[];
  risks: MatrixRisk[];
  /** The base model's risks this model has no row for; null when it has no base. */
  inherited: { base: BaseModelRef; risks: MatrixInheritedRisk[] } | null;
  people: { id: string; name: string }[];
}

export async function loadMatrix(db: Db, slug: string): Promise<Matrix | null> {
  const model = await db.model.findUnique({
    where: { slug },
    include: {
      // Retired risks and uses leave the matrix; their cells and evidence are kept.
      uses: { where: { retiredAt: null }, orderBy: { position: "asc" }, select: { id: true, code: true, purpose: true, version: true } },
      risks: {
        where: { retiredAt: null },
        orderBy: { position: "asc" },
        include: {
          mitigations: { where: activeLinks, orderBy: { position: "asc" }, include: { mitigation: { select: { id: true, text: true } } } },
          cells: { where: { use: { retiredAt: null } }, include: { owner: cellViewInclude.owner, mitigations: cellViewInclude.mitigations } },
        },
      },
    },
  });
  if (!model) return null;
  const evidence = await loadModelEvidence(db, slug);
  const inheritance = await loadInheritance(db, slug, evidence);
  const people = await db.user.findMany({ where: { disabled: false }, orderBy: { name: "asc" }, select: { id: true, name: true } });
  // A cell's risk and use are the row and column it sits in, read above: including them per cell
  // again (cellViewInclude) would cost three more queries for the same rows.
  const useCodes = new Map(model.uses.map((use) => [use.id, use.code]));

  return {
    model: { slug: model.slug, name: model.name, scaleTexts: readScaleTexts(model.scaleTexts) },
    uses: model.uses,
    risks: model.risks.map((risk) => ({
      id: risk.id,
      code: risk.code,
      version: risk.version,
      title: risk.title,
      riskType: risk.riskType,
      harmArea: risk.harmArea,
      mitigations: risk.mitigations.map((link) => link.mitigation),
      cells: Object.fromEntries(
        risk.cells.map((cell) => {
          const useCode = useCodes.get(cell.useId) ?? "";
          return [useCode, toCellView({ ...cell, risk: { code: risk.code, mitigations: risk.mitigations }, use: { code: useCode } }, evidence, inheritance)];
        }),
      ),
    })),
    inherited: inheritance && {
      base: inheritance.base,
      risks: inheritance.risks.map((risk) => ({
        ...risk,
        evidence: Object.fromEntries(
          model.uses.flatMap((use) => {
            const view = inheritedEvidenceOf(inheritance, risk.code, use.code);
            return view ? [[use.code, view]] : [];
          }),
        ),
      })),
    },
    people,
  };
}
