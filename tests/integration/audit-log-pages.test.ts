// The audit page of a model with more events than one page holds, as a viewer signed in with a real
// better-auth session reads it: the page says it shows the newest events only, and its link back
// pages through the older ones to the first, each event on exactly one page.
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import AuditPage from "../../app/models/[slug]/audit/page";
import { recordAuditEvent } from "../../lib/audit/record-audit-event";
import { closeDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { signInAsNewUser } from "../support/route-session";
import { freshDatabase } from "../support/fresh-database";
import { renderPage } from "../support/render-page";
import { seedInto, slug } from "./releases-setup";

const viewer = { email: "vic@audit-pages.test", password: "vic-audit-pages-password" };
let db: Db;
let url: string;
let modelEvents: number;

beforeAll(async () => {
  ({ db, url } = freshDatabase());
  await seedInto(db);
  const model = await db.model.findUniqueOrThrow({ where: { slug } });
  // 450 edits of the model, several within one millisecond: more than two pages.
  for (let i = 0; i < 450; i++) {
    await recordAuditEvent(
      db,
      { id: null, label: "Rita Reviewer", role: "REVIEWER" },
      { action: "model.edit", entityType: "Model", entityId: model.id, after: { edit: i } },
    );
  }
  modelEvents = await db.auditEvent.count({ where: { entityType: "Model", entityId: model.id } });
  process.env.DATABASE_URL = url;
  await signInAsNewUser(db, { ...viewer, name: "Vic Viewer", role: "VIEWER" });
});

afterAll(async () => {
  await closeDb();
  await db.$disconnect();
  delete process.env.DATABASE_URL;
});

async function auditPage(query: Record<string, string>): Promise<string> {
  return renderPage(url, () => AuditPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(query) }));
}

/** The "after" JSON of each row shown, which tells the edits apart. */
const editsShown = (html: string) => [...html.matchAll(/&quot;edit&quot;: (\d+)/g)].map(([, edit]) => Number(edit));
const olderLink = (html: string) => html.match(/<a href="\?([^"]*)"[^>]*>Older events<\/a>/)?.[1].replaceAll("&amp;", "&");

describe("an audit log longer than a page", () => {
  test("the first page says it shows the newest 200 events and links to the older ones", async () => {
    const html = await auditPage({ entity: "Model" });
    expect(html).toContain("Showing the newest 200 events");
    expect(editsShown(html)).toEqual(Array.from({ length: 200 }, (_, i) => 449 - i));
    expect(olderLink(html)).toMatch(/^entity=Model&before=/);
  });

  test("paging back reaches the first event, every event on exactly one page, the filter kept", async () => {
    const pages: number[][] = [];
    let query: Record<string, string> | null = { entity: "Model" };
    while (query) {
      const html = await auditPage(query);
      pages.push(editsShown(html));
      const older = olderLink(html);
      query = older ? Object.fromEntries(new URLSearchParams(older)) : null;
      if (pages.length > 1) expect(html).toContain("Newest events");
    }
    expect(pages.map((page) => page.length)).toEqual([200, 200, 50]);
    expect(pages.flat()).toEqual(Array.from({ length: 450 }, (_, i) => 449 - i));
    expect(modelEvents).toBe(450 + 1); // the card's import
  });
});
