// The model the app opens on: the first one imported.
import type { Db } from "../db/types";

export async function firstModelSlug(db: Db): Promise<string | null> {
  const model = await db.model.findFirst({ orderBy: { createdAt: "asc" }, select: { slug: true } });
  return model?.slug ?? null;
}
