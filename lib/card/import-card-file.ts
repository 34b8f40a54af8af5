// Reads a card's markdown source from content/ and imports it (see import-card.ts).
import { readFile } from "node:fs/promises";
import type { Actor } from "../auth/actor";
import type { Db } from "../db/types";
import { cardSourcePath } from "../content/paths";
import { importCard, type ImportReport } from "./import-card";
import { parseCardMarkdown } from "./parse-markdown";

export async function importCardFile(
  db: Db,
  actor: Actor,
  slug: string,
  options: { apply?: boolean; file?: string } = {},
): Promise<(ImportReport & { warnings: string[] }) | Exclude<Awaited<ReturnType<typeof importCard>>, ImportReport>> {
  const markdown = await readFile(options.file ?? cardSourcePath(slug), "utf8");
  const { card, warnings } = parseCardMarkdown(markdown, slug);
  const report = await importCard(db, actor, card, options);
  if (!report.ok) return report;
  return { ...report, warnings };
}
