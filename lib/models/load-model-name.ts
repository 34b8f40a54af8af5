// A model's display name, for headers and titles.
import type { Db } from "../db/types";

export async function loadModelName(db: Db, slug: string): Promise<string | null> {
  const model = await db.model.findUnique({ where: { slug }, select: { name: true } });
  return model?.name ?? null;
}
