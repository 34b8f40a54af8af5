// A campaign belongs to one model, and its pages live under that model's address. Under another
// model's address (a link edited by hand, a bookmark of a model's sibling) its case run and its
// comparison with another campaign are not found, as the campaign's own page is not: shown there,
// they would present one model's evidence as the other's and link into the wrong model's matrix.
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// The campaign page's live progress asks for the App Router, which only a running Next.js server mounts.

import CampaignPage from "../../app/models/[slug]/campaigns/[id]/page";
import CaseRunPage from "../../app/models/[slug]/campaigns/[id]/runs/[runId]/page";
import ComparePage from "../../app/models/[slug]/campaigns/compare/page";
import { closeDb } from "../../lib/db/client";
import { defaultModelSlug } from "../../lib/content/paths";
import { createModel } from "../../lib/models/create-model";
import { renderPage } from "../support/render-page";
import { signInAsNewUser } from "../support/route-session";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";

const otherModel = "other-model";
let url: string;
let first: string;
let second: string;
let runId: string;

beforeAll(async () => {
  const { db, url: databaseUrl } = await campaignDatabase();
  url = databaseUrl;
  first = await newCampaign(db, smallCampaign);
  second = await newCampaign(db, smallCampaign);
  runId = (await db.caseRun.findFirstOrThrow({ where: { campaignId: first } })).id;
  const created = await createModel(db, { id: null, label: "setup", role: "ADMIN" }, { from: "blank", slug: otherModel, name: "Other Model" });
  if (!created.ok) throw new Error(created.message);
  process.env.DATABASE_URL = url;
  await signInAsNewUser(db, { email: "vic@other-model.test", password: "vic-other-model-password", name: "Vic Viewer", role: "VIEWER" });
  await db.$disconnect();
});

afterAll(async () => {
  await closeDb();
  delete process.env.DATABASE_URL;
});

/** The page's HTML, or "not found" when it calls notFound(). */
async function shown(page: () => Promise<React.ReactElement>): Promise<string> {
  try {
    return await renderPage(url, page);
  } catch (error) {
    if ((error as { digest?: string }).digest === "NEXT_HTTP_ERROR_FALLBACK;404") return "not found";
    throw error;
  }
}

const runPage = (slug: string) => shown(() => CaseRunPage({ params: Promise.resolve({ slug, id: first, runId }) }));
const comparePage = (slug: string) => shown(() => ComparePage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve({ c: [first, second] }) }));
const campaignPage = (slug: string) => shown(() => CampaignPage({ params: Promise.resolve({ slug, id: first }), searchParams: Promise.resolve({}) }));

describe("a campaign's pages under another model's address", () => {
  test("its own model shows the campaign, its case run and its comparison", async () => {
    expect(await campaignPage(defaultModelSlug)).toContain(`/models/${defaultModelSlug}/campaigns/${first}`);
    expect(await runPage(defaultModelSlug)).toContain(`/models/${defaultModelSlug}/campaigns/${first}`);
    expect(await comparePage(defaultModelSlug)).toContain(`/models/${defaultModelSlug}/campaigns/${second}`);
  });

  test("the campaign's case run is not found under another model, as the campaign is not", async () => {
    expect(await campaignPage(otherModel)).toBe("not found");
    expect(await runPage(otherModel)).toBe("not found");
  });

  test("the comparison of two campaigns of another model says they are not this model's and links to neither", async () => {
    const html = await comparePage(otherModel);
    expect(html).toContain("not campaigns of this model");
    expect(html).not.toContain(first);
    expect(html).not.toContain(second);
  });
});
