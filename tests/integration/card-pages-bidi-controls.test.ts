// The card's other pages (the risks and uses lists, a risk's page, a use's page, the mitigation
// library, the review queue) given a risk's title, a use's purpose and a mitigation's text holding
// bidirectional controls: each control is shown by name, as the matrix page and the exports show
// it, and none is left in the page to reverse what follows it.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

vi.mock("next/headers", async () => (await import("../support/route-session")).nextHeadersStandIn);
vi.mock("next/navigation", async (original) => ({
  ...(await original<typeof import("next/navigation")>()),
  useRouter: () => ({ replace: () => {}, refresh: () => {} }),
  usePathname: () => "/",
}));

import MitigationsPage from "../../app/models/[slug]/mitigations/page";
import RiskPage from "../../app/models/[slug]/risks/[code]/page";
import RisksPage from "../../app/models/[slug]/risks/page";
import UsePage from "../../app/models/[slug]/uses/[code]/page";
import UsesPage from "../../app/models/[slug]/uses/page";
import QueuePage from "../../app/queue/page";
import { closeDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { freshDatabase } from "../support/fresh-database";
import { renderPage } from "../support/render-page";
import { signInAsNewUser } from "../support/route-session";
import { seedInto, slug } from "./releases-setup";

const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
let db: Db;
let url: string;

beforeAll(async () => {
  process.env.BETTER_AUTH_SECRET = randomBytes(32).toString("base64url");
  ({ db, url } = freshDatabase());
  await seedInto(db);
  const risk = await db.risk.findFirstOrThrow({ where: { code: "R1", model: { slug } }, include: { mitigations: true } });
  await db.risk.update({ where: { id: risk.id }, data: { title: "Toxic \u202Eoutput" } });
  await db.use.updateMany({ where: { code: "U1", model: { slug } }, data: { purpose: "Chat \u2067assistant" } });
  await db.mitigation.update({ where: { id: risk.mitigations[0].mitigationId }, data: { text: "Filter \u202Doutputs" } });
  process.env.DATABASE_URL = url;
  await signInAsNewUser(db, { email: "ada@pages-bidi.test", password: "ada-pages-bidi-password", name: "Ada \u202EAdmin", role: "ADMIN" });
  // Ada owns R1 x U1, so her queue lists it with its risk's title and her name.
  const ada = await db.user.findUniqueOrThrow({ where: { email: "ada@pages-bidi.test" } });
  await db.cell.updateMany({ where: { risk: { code: "R1", model: { slug } }, use: { code: "U1" } }, data: { ownerId: ada.id } });
});

/** The page less its form fields' values, which hold the text as typed so that saving keeps it. */
const shownPart = (html: string) => html.replace(/ value="[^"]*"/g, "");

afterAll(async () => {
  await closeDb();
  await db.$disconnect();
  delete process.env.BETTER_AUTH_SECRET;
  delete process.env.DATABASE_URL;
});

const params = (extra: Record<string, string> = {}) => ({ params: Promise.resolve({ slug, ...extra }) as never });

describe("bidirectional controls in the texts the card's pages show", () => {
  test.each([
    ["the risks list", () => RisksPage(params()), [/U\+202E<\/code>output/]],
    ["R1's page", () => RiskPage(params({ code: "R1" })), [/U\+202E<\/code>output/, /U\+202D<\/code>outputs/, /Ada <code[^>]*>U\+202E<\/code>Admin/]],
    ["the uses list", () => UsesPage(params()), [/U\+2067<\/code>assistant/]],
    ["U1's page", () => UsePage(params({ code: "U1" })), [/U\+2067<\/code>assistant/, /Ada <code[^>]*>U\+202E<\/code>Admin/]],
    ["the mitigation library", () => MitigationsPage(params()), [/U\+202D<\/code>outputs/]],
  ])("%s names each control and applies none", async (_page, page, shown) => {
    const html = await renderPage(url, page);
    for (const named of shown) expect(html).toMatch(named);
    expect(shownPart(html)).not.toMatch(BIDI_CONTROL);
  });

  test("the review queue names each control in a risk's title and its owner's name and applies none", async () => {
    const html = await renderPage(url, () => QueuePage());
    expect(html).toMatch(/U\+202E<\/code>output/);
    expect(html).toMatch(/Ada <code[^>]*>U\+202E<\/code>Admin/);
    expect(shownPart(html)).not.toMatch(BIDI_CONTROL);
  });
});
