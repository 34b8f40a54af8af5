// What a fine-tune inherits from its base model, read by the risks page, the matrix, the cell
// JSON and the card export alike. Two rules, stated here and nowhere else:
//   - an inherited risk is one of the base's active risks whose code the fine-tune has no row for
//     (a row it retired included: retiring an inherited risk is recording a retired copy);
//   - inherited evidence is the base's current measured evidence on a cell (same risk code, same
//     use code) the fine-tune has no evidence of its own for. It is shown "inherited, not
//     re-tested" beside the fine-tune's own word (untested) and is never merged into the
//     fine-tune's evidence view, so no gate, verdict or deploy decision counts it.
// Only the direct base is read: a base's own inheritance is its base's business.
import { readJsonObject } from "../db/json-columns";
import type { Db, DbTransaction } from "../db/types";
import { cellKeySlug } from "../domain/cell-key";
import { riskLevel, type Level } from "../domain/level";
import type { Applies, HarmArea, RiskType } from "../domain/vocabulary";
import { type CellEvidence, loadModelEvidence, type ModelEvidence } from "../evidence/cell-evidence";
import { INHERITED_NOT_RETESTED } from "../matrix/evidence-status";
import { activeLinks } from "../mitigations/active-links";

/** The front matter key holding a model's own Hugging Face repo id ("meta-llama/Llama-2-70b-hf"). */
export const HUB_ID_KEY = "model_id";

export interface BaseModelRef {
  slug: string;
  name: string;
  /** Its Hugging Face repo id, when its front matter names one. */
  hubId: string | null;
  /** The checkpoint revision stored on it, when one was read. */
  revision: string | null;
  /** Its newest published card release, when it has one. */
  release: number | null;
}

/** The base's judgement of an inherited risk for one use, read-only here. */
export interface InheritedCell {
  applies: Applies;
  level: Level | null;
  score: number | null;
}

export interface InheritedRisk {
  code: string;
  title: string;
  riskType: RiskType;
  harmArea: HarmArea;
  mitigations: string[];
  /** The base's cell for each of the fine-tune's active uses the base also has, by use code. */
  cells: Record<string, InheritedCell>;
}

export interface Inheritance {
  base: BaseModelRef;
  /** In the base's order. */
  risks: InheritedRisk[];
  /** By cell key ("R3-U2"), for the fine-tune's cells (its own and inherited rows) with no evidence of their own. */
  evidence: Record<string, CellEvidence>;
}

/** A model's Hugging Face repo id, from its stored front matter, when it names one. */
export function hubIdOf(frontMatter: unknown): string | null {
  const hubId = readJsonObject(frontMatter, "Model.frontMatter")[HUB_ID_KEY];
  return typeof hubId === "string" && hubId.trim() ? hubId.trim() : null;
}

/** Null when the model has no base (or does not exist). `own`: the model's evidence view, when the caller has read it already. */
export async function loadInheritance(db: Db | DbTransaction, slug: string, own?: ModelEvidence): Promise<Inheritance | null> {
  // Most models have no base: one small query says so, where the full read below would still send
  // its nine nested queries for a base that is not there.
  const hasBase = await db.model.findUnique({ where: { slug }, select: { baseModelId: true } });
  if (!hasBase?.baseModelId) return null;
  const model = await db.model.findUnique({
    where: { slug },
    select: {
      risks: { select: { code: true, retiredAt: true } },
      uses: { where: { retiredAt: null }, select: { code: true } },
      baseModel: {
        select: {
          slug: true,
          name: true,
          frontMatter: true,
          revisionHash: true,
          releases: { orderBy: { version: "desc" }, take: 1, select: { version: true } },
          risks: {
            where: { retiredAt: null },
            orderBy: { position: "asc" },
            include: {
              mitigations: { where: activeLinks, orderBy: { position: "asc" }, include: { mitigation: { select: { text: true } } } },
              cells: { where: { use: { retiredAt: null } }, select: { applies: true, likelihood: true, severity: true, use: { select: { code: true } } } },
            },
          },
        },
      },
    },
  });
  const baseModel = model?.baseModel;
  if (!model || !baseModel) return null;
  const ownCodes = new Set(model.risks.map((risk) => risk.code));
  const useCodes = model.uses.map((use) => use.code);
  const risks: InheritedRisk[] = baseModel.risks
    .filter((risk) => !ownCodes.has(risk.code))
    .map((risk) => ({
      code: risk.code,
      title: risk.title,
      riskType: risk.riskType,
      harmArea: risk.harmArea,
      mitigations: risk.mitigations.map((link) => link.mitigation.text),
      cells: Object.fromEntries(
        useCodes.flatMap((useCode) => {
          const cell = risk.cells.find((found) => found.use.code === useCode);
          const level = cell && riskLevel(cell.likelihood, cell.severity);
          return cell ? [[useCode, { applies: cell.applies, level: level?.level ?? null, score: level?.score ?? null }]] : [];
        }),
      ),
    }));

  const [ownEvidence, baseEvidence] = await Promise.all([own ?? loadModelEvidence(db, slug), loadModelEvidence(db, baseModel.slug)]);
  const shownRisks = [...model.risks.filter((risk) => !risk.retiredAt).map((risk) => risk.code), ...risks.map((risk) => risk.code)];
  const evidence: Record<string, CellEvidence> = {};
  for (const riskCode of shownRisks) {
    for (const useCode of useCodes) {
      const key = cellKeySlug(riskCode, useCode);
      if (baseEvidence.cells[key] && !ownEvidence.counts[key]) evidence[key] = baseEvidence.cells[key];
    }
  }

  return {
    base: {
      slug: baseModel.slug,
      name: baseModel.name,
      hubId: hubIdOf(baseModel.frontMatter),
      revision: baseModel.revisionHash,
      release: baseModel.releases[0]?.version ?? null,
    },
    risks,
    evidence,
  };
}

export interface InheritedCellEvidence {
  marked: typeof INHERITED_NOT_RETESTED;
  from: BaseModelRef;
  evidence: CellEvidence;
}

/** The base's evidence on one of the model's cells, when it shows there; what the cell's JSON carries beside the cell. */
export async function loadInheritedCellEvidence(
  db: Db | DbTransaction,
  slug: string,
  riskCode: string,
  useCode: string,
): Promise<InheritedCellEvidence | null> {
  const inheritance = await loadInheritance(db, slug);
  const evidence = inheritance?.evidence[cellKeySlug(riskCode, useCode)];
  return inheritance && evidence ? { marked: INHERITED_NOT_RETESTED, from: inheritance.base, evidence } : null;
}
