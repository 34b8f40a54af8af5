// Reads a card's markdown source from content/ and imports it (see import-card.ts), then stores
// what the model's checkpoint is (revision, tiny model or not): `npm start` comes through here,
// so a fresh install knows it before any page is shown.
import { readFile } from "node:fs/promises";
import type { Actor } from "../auth/actor";
import type { Db } from "../db/types";
import { notAFile } from "../content/file-problem";
import { cardSourcePath } from "../content/paths";
import { recordCheckpointFacts } from "../models/checkpoint-facts";
import { importCard, type ImportReport } from "./import-card";
import { parseCardMarkdown } from "./parse-markdown";

export async function importCardFile(
  db: Db,
  actor: Actor,
  slug: string,
  options: { apply?: boolean; file?: string } = {},
): Promise<
  (ImportReport & { warnings: string[] }) | Exclude<Awaited<ReturnType<typeof importCard>>, ImportReport> | { ok: false; kind: "invalid"; message: string }
> {
  const file = options.file ?? cardSourcePath(slug);
  const unreadable = await notAFile(file);
  if (unreadable) return { ok: false, kind: "invalid", message: `the card file ${file}: ${unreadable}` };
  const markdown = await readFile(file, "utf8");
  const { card, warnings } = parseCardMarkdown(markdown, slug);
  const report = await importCard(db, actor, card, options);
  if (!report.ok) return report;
  const model = await db.model.findUnique({ where: { slug }, select: { id: true } });
  if (model) await recordCheckpointFacts(db, model.id);
  return { ...report, warnings };
}
