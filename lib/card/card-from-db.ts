// The stored card as a `Card`: what export renders and what re-import compares against.
import type { Db, DbTransaction } from "../db/types";
import { type Card, type CardCell, modelFactsSchema } from "./schema";
import { readJsonColumn, readJsonObject, readNameList } from "../db/json-columns";
import { activeLinks } from "../mitigations/active-links";

export async function cardFromDb(db: Db | DbTransaction, slug: string): Promise<Card | null> {
  const model = await db.model.findUnique({
    where: { slug },
    include: {
      // A retired risk, use or mitigation has left the card; its cells and evidence stay in the database.
      uses: { where: { retiredAt: null }, orderBy: { position: "asc" } },
      risks: {
        where: { retiredAt: null },
        orderBy: { position: "asc" },
        include: {
          mitigations: { where: activeLinks, orderBy: { position: "asc" }, include: { mitigation: true } },
          cells: { where: { use: { retiredAt: null } }, include: { use: true, mitigations: { where: activeLinks, include: { mitigation: true } } } },
        },
      },
    },
  });
  if (!model) return null;
  const useOrder = new Map(model.uses.map((use) => [use.code, use.position]));

  return {
    model: {
      slug: model.slug,
      name: model.name,
      description: model.description,
      storageChanges: readJsonColumn(modelFactsSchema.shape.storageChanges, model.storageChanges, "Model.storageChanges"),
      developer: model.developer,
      modelType: model.modelType,
      languages: readNameList(model.languages, "Model.languages"),
      library: model.library,
      license: model.license,
      contact: model.contact,
      trainingData: model.trainingData,
      intendedUses: model.intendedUses,
      frontMatter: readJsonObject(model.frontMatter, "Model.frontMatter"),
    },
    uses: model.uses.map(({ code, purpose, capability, aiUser, aiSubject, domain }) => ({
      code,
      purpose,
      capability,
      aiUser,
      aiSubject,
      domain,
    })),
    risks: model.risks.map((risk) => ({
      code: risk.code,
      title: risk.title,
      riskType: risk.riskType,
      harmArea: risk.harmArea,
      mitigations: risk.mitigations.map((link) => link.mitigation.text),
    })),
    cells: model.risks.flatMap((risk) =>
      [...risk.cells].sort((a, b) => useOrder.get(a.use.code)! - useOrder.get(b.use.code)!).map((cell) => cardCellOf({ ...cell, risk })),
    ),
    claimedCounts: null,
  };
}

/** A stored cell's row, read with its codes and its mitigations' statuses (active links only). */
type StoredCell = Omit<CardCell, "risk" | "use" | "mitigationStatus"> & {
  risk: { code: string };
  use: { code: string };
  mitigations: { status: CardCell["mitigationStatus"][string]; mitigation: { text: string } }[];
};

export const storedCellInclude = {
  risk: { select: { code: true } },
  use: { select: { code: true } },
  mitigations: { where: activeLinks, include: { mitigation: true } },
} as const;

/** A stored cell as the card states it: a mitigation not started is one the card leaves out. */
export function cardCellOf(cell: StoredCell): CardCell {
  return {
    risk: cell.risk.code,
    use: cell.use.code,
    applies: cell.applies,
    subjectAtRisk: cell.subjectAtRisk,
    likelihood: cell.likelihood,
    severity: cell.severity,
    rationale: cell.rationale,
    reviewStatus: cell.reviewStatus,
    mitigationStatus: Object.fromEntries(cell.mitigations.filter((m) => m.status !== "NOT_STARTED").map((m) => [m.mitigation.text, m.status])),
  };
}

/**
 * Every cell of the model as the card states it, those of retired risks and uses included: what an
 * import holds the card's approvals against, since a card may bring a retired row back.
 */
export async function allCardCellsFromDb(db: Db | DbTransaction, slug: string): Promise<CardCell[]> {
  const cells = await db.cell.findMany({ where: { risk: { model: { slug } } }, include: storedCellInclude });
  return cells.map(cardCellOf);
}
