// Reads a card's markdown source from content/ and imports it (see import-card.ts).
import { readFile } from "node:fs/promises";
import type { Actor } from "../auth/actor";
import type { Db } from "../db/types";
import { notAFile } from "../content/file-problem";
import { cardSourcePath } from "../content/paths";
import { cardSourceText } from "./card-source-text";
import { importCard, type ImportReport } from "./import-card";
import { parseCardMarkdown } from "./parse-markdown";

export async function importCardFile(
  db: Db,
  actor: Actor,
  slug: string,
  options: { apply?: boolean; expect?: string; file?: string } = {},
): Promise<
  (ImportReport & { warnings: string[] }) | Exclude<Awaited<ReturnType<typeof importCard>>, ImportReport> | { ok: false; kind: "invalid"; message: string }
> {
  const file = options.file ?? cardSourcePath(slug);
  const unreadable = await notAFile(file);
  if (unreadable) return { ok: false, kind: "invalid", message: `the card file ${file}: ${unreadable}` };
  const markdown = cardSourceText(await readFile(file));
  const { card, warnings } = parseCardMarkdown(markdown, slug);
  const report = await importCard(db, actor, card, options);
  if (!report.ok) return report;
  return { ...report, warnings };
}
