// The release diff page leaves the markdown's patch out past MAX_PATCHED_LINE_EDITS line edits, where
// a changed line is two (one removed, one added): two releases differing in 600 changed lines are
// past it. The page said they "differ in more than 1,000 lines"; its words now say what was counted.
import { afterAll, expect, test } from "vitest";
import DiffPage from "../../app/models/[slug]/releases/diff/page";
import { closeDb } from "../../lib/db/client";
import { publishRelease } from "../../lib/releases/publish-release";
import { describeGap } from "../../lib/releases/describe-gap";
import { loadReleaseGaps } from "../../lib/releases/release-gaps";
import { renderPage } from "../support/render-page";
import { approver, seededDatabaseFile, slug } from "./releases-setup";

afterAll(() => closeDb());

const rows = (count: number, word: string) => Array.from({ length: count }, (_, index) => `Cell ${index}: ${word} rationale.`).join("\n");

test("two releases differing in 600 changed lines: the page says the line edits it counted, not '1,000 lines'", async () => {
  const { db, url } = await seededDatabaseFile();
  const gaps = (await loadReleaseGaps(db, slug))!.map(describeGap);
  const published = await publishRelease(db, approver, { slug, acceptance: { justification: "Pilot only.", gaps } });
  if (!published.ok) throw new Error(published.message);
  const { id: _, version: __, ...first } = await db.cardRelease.findFirstOrThrow();
  await db.cardRelease.create({ data: { ...first, version: 2, markdown: rows(600, "old"), acceptedGaps: first.acceptedGaps ?? undefined } });
  await db.cardRelease.create({ data: { ...first, version: 3, markdown: rows(600, "new"), acceptedGaps: first.acceptedGaps ?? undefined } });

  const html = await renderPage(url, () => DiffPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve({ from: "2", to: "3" }) }));
  expect(html).not.toContain("differs in more than 1,000 lines");
  expect(html).toContain("More than 1,000 lines were removed from or added to the markdown between the two releases (a changed line is one of each)");
}, 120_000);
