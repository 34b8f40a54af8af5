// A campaign a worker paused (an endpoint that answers no case, another model served) says why on its
// page and in the campaigns list, where its status stands: the reason quotes an endpoint's words, so a
// bidirectional control in them is named, not applied. A reviewer's own pause, or a resumed campaign,
// shows no reason from before.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// The campaign page's live progress asks for the App Router, which only a running Next.js server mounts.

import CampaignPage from "../../app/models/[slug]/campaigns/[id]/page";
import { CampaignList } from "../../app/models/[slug]/campaigns/campaign-list";
import { listCampaigns } from "../../lib/campaigns/reads/load-campaigns";
import { loadCampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { pauseCampaign } from "../../lib/campaigns/runner/pause-campaign";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import type { Db } from "../../lib/db/types";
import { defaultModelSlug } from "../../lib/content/paths";
import { renderPage } from "../support/render-page";
import { newCampaign, rita, smallCampaign } from "./campaign-fixture";
import { closeSignedInCampaignDatabase, signedInCampaignDatabase } from "./campaign-pages-setup";

const reason =
  'serving target "beluga-vllm" failed 3 cases in a row, answering none between them: the endpoint answered 500: model \u202Edaolrevo\u202C. ' +
  "The endpoint is up but answers no case, so the campaign is paused rather than fail every case; resume it once the endpoint answers completions.";
/** The reason as a page's HTML has it: quotes escaped, each control named in a <code>. */
const reasonShown = reason
  .replaceAll('"', "&quot;")
  .replace("\u202E", '<code title="a bidirectional control, shown instead of applied">U+202E</code>')
  .replace("\u202C", '<code title="a bidirectional control, shown instead of applied">U+202C</code>');

let db: Db;
let url: string;

beforeAll(async () => {
  ({ db, url } = await signedInCampaignDatabase({ email: "vic@pause-reason.test", password: "vic-pause-reason-password", name: "Vic Viewer", role: "VIEWER" }));
});

afterAll(() => closeSignedInCampaignDatabase(db));

const campaignPage = (id: string) =>
  renderPage(url, () => CampaignPage({ params: Promise.resolve({ slug: defaultModelSlug, id }), searchParams: Promise.resolve({}) }));

async function listRow(id: string): Promise<string> {
  const html = renderToStaticMarkup(createElement(CampaignList, { slug: defaultModelSlug, campaigns: await listCampaigns(db, defaultModelSlug) }));
  const start = html.indexOf(`value="${id}"`);
  return html.slice(start, html.indexOf("</tr>", start));
}

/** The campaign page's progress panel, where its status is shown. */
const progressPanel = (html: string) => html.slice(html.indexOf('data-testid="campaign-progress"'), html.indexOf("</section>"));

describe("a campaign a worker paused", () => {
  test("its page says why beside its status, each bidirectional control in the endpoint's words named", async () => {
    const id = await newCampaign(db, smallCampaign);
    await pauseCampaign(db, id, reason);

    const panel = progressPanel(await campaignPage(id));
    expect(panel).toContain('data-status="PAUSED"');
    expect(panel).toContain(reasonShown);
    expect(panel).not.toContain("\u202E");
  });

  test("its live progress carries the reason, so a page open when the worker paused it shows why", async () => {
    const id = await newCampaign(db, smallCampaign);
    await pauseCampaign(db, id, reason);

    expect((await loadCampaignProgress(db, id))?.pausedBecause).toBe(reason);
  });

  test("the campaigns list says why beside its status", async () => {
    const id = await newCampaign(db, smallCampaign);
    await pauseCampaign(db, id, reason);

    const row = await listRow(id);
    expect(row).toContain(reasonShown);
    expect(row).not.toContain("\u202E");
  });

  test("resumed, then paused by a reviewer, it shows no reason: the worker's is no longer why", async () => {
    const id = await newCampaign(db, smallCampaign);
    await pauseCampaign(db, id, reason);
    expect(await controlCampaign(db, rita, { campaignId: id, action: "resume" })).toMatchObject({ ok: true });
    expect(progressPanel(await campaignPage(id))).not.toContain("answers no case");
    expect(await controlCampaign(db, rita, { campaignId: id, action: "pause" })).toMatchObject({ ok: true });

    expect(progressPanel(await campaignPage(id))).not.toContain("answers no case");
    expect(await listRow(id)).not.toContain("answers no case");
    expect((await loadCampaignProgress(db, id))?.pausedBecause).toBeNull();
  });

  test("it shows no rate while paused: the time it stands still is not time spent running, and the rate would fall toward 0 the longer it waits", async () => {
    const id = await newCampaign(db, smallCampaign);
    const [run] = await db.caseRun.findMany({ where: { campaignId: id }, take: 1 });
    await db.caseRun.update({ where: { id: run.id }, data: { status: "DONE", verdict: "PASS", output: "No.", attempts: 1, finishedAt: new Date() } });
    await db.campaign.update({ where: { id }, data: { status: "RUNNING", startedAt: new Date(Date.now() - 3_600_000) } });
    expect((await loadCampaignProgress(db, id))?.casesPerSecond).toBeGreaterThan(0);
    await pauseCampaign(db, id, reason);

    expect((await loadCampaignProgress(db, id))?.casesPerSecond).toBeNull();
    expect(progressPanel(await campaignPage(id))).not.toContain("cases/s");
  });
});
