import { afterAll, beforeAll, expect, test } from "vitest";
import CampaignPage from "../../app/models/[slug]/campaigns/[id]/page";
import RunPage from "../../app/models/[slug]/campaigns/[id]/runs/[runId]/page";
import ImportPage from "../../app/models/[slug]/imports/[id]/page";
import ResultPage from "../../app/models/[slug]/imports/[id]/results/[resultId]/page";
import ReleasePage from "../../app/models/[slug]/releases/[version]/page";
import DiffPage from "../../app/models/[slug]/releases/diff/page";
import CComparePage from "../../app/models/[slug]/campaigns/compare/page";
import HeatmapPage from "../../app/models/[slug]/campaigns/heatmap/page";
import CampaignsPage from "../../app/models/[slug]/campaigns/page";
import AuditPage from "../../app/models/[slug]/audit/page";
import MComparePage from "../../app/models/compare/page";
import RiskPage from "../../app/models/[slug]/risks/[code]/page";
import UsePage from "../../app/models/[slug]/uses/[code]/page";
import MatrixPage from "../../app/models/[slug]/matrix/page";
import LabellingPage from "../../app/models/[slug]/labelling/page";
import FrameworksPage from "../../app/models/[slug]/frameworks/page";
import ImportsPage from "../../app/models/[slug]/imports/page";
import OverviewPage from "../../app/models/[slug]/page";
import CardPage from "../../app/models/[slug]/card/page";
import SettingsPage from "../../app/models/[slug]/settings/page";
import { importExternalResults } from "../../lib/imports/import-external-results";
import { closeDb } from "../../lib/db/client";
import { defaultModelSlug as slug } from "../../lib/content/paths";
import { renderPage } from "../support/render-page";
import { signInAsNewUser } from "../support/route-session";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { campaignDatabase, rita } from "./campaign-fixture";

// Every page of a model, and the model comparison, given ids and search parameters no link makes
// (unknown, 5,000 characters long, NUL, a number past any range, a parameter given twice): each
// answers with its page or a not-found, never an error (a 500).
let url: string;
let importId: string;
beforeAll(async () => {
  const fresh = await campaignDatabase();
  url = fresh.url;
  process.env.DATABASE_URL = url;
  await signInAsNewUser(fresh.db, { email: "a@odd.test", password: "odd-ids-password-1", name: "Ada", role: "ADMIN" });
  const imported = await importExternalResults(fresh.db, rita, { modelSlug: slug, path: `${FIXTURES_DIR}/garak/quack.report.jsonl`, uses: ["U1"] });
  if (!imported.ok) throw new Error(imported.message);
  importId = imported.importId;
});
afterAll(() => closeDb());

const odd = ["nope", "1e999", "-1", "x".repeat(5000), "\u0000", "R1-U1", "1.0.0", "99999999999999999999"];
const sp = (o: Record<string, unknown>) => Promise.resolve(o) as never;
test("every page answers an odd id or search parameter with the page or a not-found, never an error", async () => {
  const cases: [string, () => Promise<unknown>][] = [];
  for (const v of odd) {
    cases.push([`campaign ${v.slice(0, 20)}`, () => CampaignPage({ params: sp({ slug, id: v }), searchParams: sp({}) })]);
    cases.push([`run ${v.slice(0, 20)}`, () => RunPage({ params: sp({ slug, id: v, runId: v }) })]);
    cases.push([`import ${v.slice(0, 20)}`, () => ImportPage({ params: sp({ slug, id: v }), searchParams: sp({}) })]);
    cases.push([`import page ${v.slice(0, 20)}`, () => ImportPage({ params: sp({ slug, id: importId }), searchParams: sp({ page: v, verdict: v }) })]);
    cases.push([`import page arr ${v.slice(0, 20)}`, () => ImportPage({ params: sp({ slug, id: importId }), searchParams: sp({ page: [v, v] }) })]);
    cases.push([`result ${v.slice(0, 20)}`, () => ResultPage({ params: sp({ slug, id: importId, resultId: v }) })]);
    cases.push([`release ${v.slice(0, 20)}`, () => ReleasePage({ params: sp({ slug, version: v }) })]);
    cases.push([`diff ${v.slice(0, 20)}`, () => DiffPage({ params: sp({ slug }), searchParams: sp({ from: v, to: v }) })]);
    cases.push([`diff arr ${v.slice(0, 20)}`, () => DiffPage({ params: sp({ slug }), searchParams: sp({ from: [v, v], to: "1" }) })]);
    cases.push([`ccompare ${v.slice(0, 20)}`, () => CComparePage({ params: sp({ slug }), searchParams: sp({ c: [v, v] }) })]);
    cases.push([`ccompare1 ${v.slice(0, 20)}`, () => CComparePage({ params: sp({ slug }), searchParams: sp({ c: v }) })]);
    cases.push([`heatmap ${v.slice(0, 20)}`, () => HeatmapPage({ params: sp({ slug }), searchParams: sp({ c: v, campaign: v, use: v }) } as never)]);
    cases.push([`campaigns ${v.slice(0, 20)}`, () => CampaignsPage({ params: sp({ slug }), searchParams: sp({ page: v, status: v }) } as never)]);
    cases.push([
      `audit ${v.slice(0, 20)}`,
      () => AuditPage({ params: sp({ slug }), searchParams: sp({ page: v, event: v, person: v, action: v, from: v, to: v, cursor: v, before: v }) }),
    ]);
    cases.push([`audit arr ${v.slice(0, 20)}`, () => AuditPage({ params: sp({ slug }), searchParams: sp({ page: [v], event: [v, v], person: [v, v] }) })]);
    cases.push([`mcompare ${v.slice(0, 20)}`, () => MComparePage({ searchParams: sp({ a: v, b: slug }) })]);
    cases.push([`mcompare arr ${v.slice(0, 20)}`, () => MComparePage({ searchParams: sp({ a: [v, v], b: [slug] }) })]);
    cases.push([`risk ${v.slice(0, 20)}`, () => RiskPage({ params: sp({ slug, code: v }) })]);
    cases.push([`use ${v.slice(0, 20)}`, () => UsePage({ params: sp({ slug, code: v }) })]);
    cases.push([`matrix ${v.slice(0, 20)}`, () => MatrixPage({ params: sp({ slug }), searchParams: sp({ cell: v, q: v, owner: v, level: [v] }) })]);
    cases.push([`matrix slug ${v.slice(0, 20)}`, () => MatrixPage({ params: sp({ slug: v }), searchParams: sp({}) })]);
    cases.push([`labelling ${v.slice(0, 20)}`, () => LabellingPage({ params: sp({ slug: v }), searchParams: sp({ item: v }) } as never)]);
    cases.push([`labelling s ${v.slice(0, 20)}`, () => LabellingPage({ params: sp({ slug }), searchParams: sp({ item: v, page: v }) } as never)]);
    cases.push([`frameworks ${v.slice(0, 20)}`, () => FrameworksPage({ params: sp({ slug }), searchParams: sp({ framework: v }) } as never)]);
    cases.push([`imports ${v.slice(0, 20)}`, () => ImportsPage({ params: sp({ slug }), searchParams: sp({ page: v }) } as never)]);
    cases.push([`overview ${v.slice(0, 20)}`, () => OverviewPage({ params: sp({ slug: v }) })]);
    cases.push([`card ${v.slice(0, 20)}`, () => CardPage({ params: sp({ slug: v }), searchParams: sp({ release: v }) } as never)]);
    cases.push([`settings ${v.slice(0, 20)}`, () => SettingsPage({ params: sp({ slug: v }) })]);
  }
  const bad: string[] = [];
  for (const [name, page] of cases) {
    try {
      await renderPage(url, page as never);
    } catch (error) {
      const digest = (error as { digest?: string }).digest ?? "";
      if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;404") || digest.startsWith("NEXT_REDIRECT")) continue;
      bad.push(
        `${name}: ${
          String((error as Error).message)
            .trim()
            .split("\n")[0]
        }`,
      );
    }
  }
  expect(bad).toEqual([]);
});
