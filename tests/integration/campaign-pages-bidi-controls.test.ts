// A campaign's name (a reviewer's text), a model's output, an endpoint's error and its own words, a
// reviewer's override reason and name, and a case's prompt holding bidirectional controls: the
// campaign pages name each control where it stands, as every other page does (ShownText), so an
// unclosed U+202E cannot reverse the rest of its line; a jailbreak prompt that uses one shows it.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// The campaign page's live progress asks for the App Router, which only a running Next.js server mounts.

import CampaignPage from "../../app/models/[slug]/campaigns/[id]/page";
import CaseRunPage from "../../app/models/[slug]/campaigns/[id]/runs/[runId]/page";
import ComparePage from "../../app/models/[slug]/campaigns/compare/page";
import HeatmapPage from "../../app/models/[slug]/campaigns/heatmap/page";
import CampaignsPage from "../../app/models/[slug]/campaigns/page";
import { CampaignList } from "../../app/models/[slug]/campaigns/campaign-list";
import { ServingOutageNotice } from "../../app/models/[slug]/campaigns/[id]/serving-outage-notice";
import { listCampaigns } from "../../lib/campaigns/reads/load-campaigns";
import type { Db } from "../../lib/db/types";
import { defaultModelSlug } from "../../lib/content/paths";
import { renderPage } from "../support/render-page";
import { newCampaign, smallCampaign } from "./campaign-fixture";
import { closeSignedInCampaignDatabase, signedInCampaignDatabase } from "./campaign-pages-setup";

const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const slug = defaultModelSlug;

let db: Db;
let url: string;
let campaignId: string;
let otherId: string;
let doneRunId: string;
let erroredRunId: string;

beforeAll(async () => {
  // An admin reads what an endpoint said.
  ({ db, url } = await signedInCampaignDatabase({
    email: "ada@campaign-bidi.test",
    password: "ada-campaign-bidi-password",
    name: "Ada \u202EAdmin",
    role: "ADMIN",
  }));
  const ada = await db.user.findUniqueOrThrow({ where: { email: "ada@campaign-bidi.test" } });
  campaignId = await newCampaign(db, { ...smallCampaign, name: "Night \u202Erun" });
  await db.risk.updateMany({ where: { code: "R8" }, data: { title: "Toxic \u202Eoutput" } });
  await db.use.updateMany({ where: { code: "U1" }, data: { purpose: "Film \u2067recommendations" } });
  otherId = await newCampaign(db, { ...smallCampaign, name: "Day \u2067run" });
  const [done, errored] = await db.caseRun.findMany({ where: { campaignId }, orderBy: { id: "asc" }, take: 2, include: { case: true } });
  doneRunId = done.id;
  erroredRunId = errored.id;
  // What the run asked: a run keeps its own copy of its case's prompt.
  await db.caseRun.update({
    where: { id: done.id },
    data: {
      turns: [{ role: "user", content: "Say \u202Ethis" }],
      status: "DONE",
      verdict: "PASS",
      output: "I \u202Ecannot help",
      finishedAt: new Date(),
      overrideVerdict: "FAIL",
      overrideReason: "it \u202Edid help",
      overrideById: ada.id,
      overrideAt: new Date(),
    },
  });
  await db.caseRun.update({
    where: { id: errored.id },
    data: {
      status: "ERROR",
      verdict: "ERROR",
      error: "the endpoint answered 500: \u202Eboom",
      errorDetail: "http://vllm.test: \u202Eout of memory",
      finishedAt: new Date(),
    },
  });
});

afterAll(() => closeSignedInCampaignDatabase(db));

describe("bidirectional controls on the campaign pages", () => {
  test("the campaign's page names them in its name and a run's output", async () => {
    const html = await renderPage(url, () => CampaignPage({ params: Promise.resolve({ slug, id: campaignId }), searchParams: Promise.resolve({}) }));
    expect(html).not.toMatch(BIDI_CONTROL);
    expect(html).toMatch(/Night <code[^>]*>U\+202E<\/code>run/);
    expect(html).toMatch(/I <code[^>]*>U\+202E<\/code>cannot help/);
  });

  test("the campaigns list names them in a campaign's name", async () => {
    const html = renderToStaticMarkup(createElement(CampaignList, { slug, campaigns: await listCampaigns(db, slug) }));
    expect(html).not.toMatch(BIDI_CONTROL);
    expect(html).toMatch(/Night <code[^>]*>U\+202E<\/code>run/);
  });

  test("a run's page names them in the campaign's name, the prompt, the output, the override and an endpoint's error", async () => {
    const run = (runId: string) => renderPage(url, () => CaseRunPage({ params: Promise.resolve({ slug, id: campaignId, runId }) }));
    const done = await run(doneRunId);
    expect(done).not.toMatch(BIDI_CONTROL);
    expect(done).toMatch(/Say <code[^>]*>U\+202E<\/code>this/);
    expect(done).toMatch(/it <code[^>]*>U\+202E<\/code>did help/);
    expect(done).toMatch(/Ada <code[^>]*>U\+202E<\/code>Admin/);
    const errored = await run(erroredRunId);
    expect(errored).not.toMatch(BIDI_CONTROL);
    expect(errored).toMatch(/500: <code[^>]*>U\+202E<\/code>boom/);
    expect(errored).toMatch(/vllm.test: <code[^>]*>U\+202E<\/code>out of memory/);
  });

  test("the comparison names them in both campaigns' names", async () => {
    const html = await renderPage(url, () => ComparePage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve({ c: [campaignId, otherId] }) }));
    expect(html).not.toMatch(BIDI_CONTROL);
    expect(html).toMatch(/Day <code[^>]*>U\+2067<\/code>run/);
  });

  test("the heatmap and the campaigns page's start form name them in a risk's title and a use's purpose", async () => {
    for (const html of [
      await renderPage(url, () => HeatmapPage({ params: Promise.resolve({ slug }) })),
      await renderPage(url, () => CampaignsPage({ params: Promise.resolve({ slug }) })),
    ]) {
      expect(html).not.toMatch(BIDI_CONTROL);
      expect(html).toMatch(/Toxic <code[^>]*>U\+202E<\/code>output/);
      expect(html).toMatch(/Film <code[^>]*>U\+2067<\/code>recommendations/);
    }
  });

  test("the notice of a serving endpoint's outage names them in its reason", () => {
    const since = new Date();
    const outage = {
      target: "beluga-vllm",
      reason: "the endpoint answered: model \u202Edaolrevo",
      since: since.toISOString(),
      failsAt: new Date(since.getTime() + 60_000).toISOString(),
    };
    const html = renderToStaticMarkup(createElement(ServingOutageNotice, { outage }));
    expect(html).not.toMatch(BIDI_CONTROL);
    expect(html).toMatch(/model <code[^>]*>U\+202E<\/code>daolrevo/);
  });
});
