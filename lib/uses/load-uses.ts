// A model's uses in the card's order, with how many risks apply to each.
import type { Db } from "../db/types";

export interface UseListing {
  model: { slug: string; name: string };
  uses: {
    code: string;
    purpose: string;
    capability: string;
    aiUser: string;
    aiSubject: string;
    domain: string;
    version: number;
    cells: number;
    applyingRisks: number;
  }[];
}

export async function loadUses(db: Db, slug: string): Promise<UseListing | null> {
  const model = await db.model.findUnique({
    where: { slug },
    include: {
      uses: {
        where: { retiredAt: null },
        orderBy: { position: "asc" },
        include: { cells: { where: { risk: { retiredAt: null } }, select: { applies: true } } },
      },
    },
  });
  if (!model) return null;
  return {
    model: { slug: model.slug, name: model.name },
    uses: model.uses.map(({ cells, id: _id, modelId: _modelId, position: _position, retiredAt: _retiredAt, ...use }) => ({
      ...use,
      cells: cells.length,
      applyingRisks: cells.filter((cell) => cell.applies === "YES").length,
    })),
  };
}
