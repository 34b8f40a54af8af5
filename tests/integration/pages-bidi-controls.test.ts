// A risk's title, a use's purpose, a mitigation's text, a rationale and a person's name holding bidirectional
// controls (an unclosed U+202E reverses everything after it on its line), as a signed-in reviewer
// sees them on the matrix page, in the cell's editor and on the card's other pages (the risks and
// uses lists, a risk's page, a use's page, the mitigation library, the review queue): each control
// is shown by name, as the card's exports show it, and none is left in the page to apply.
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// The page's client components ask for the App Router, which only a running Next.js server mounts.

import { CellEditor } from "../../app/models/[slug]/matrix/cell-editor";
import { CellJudgementFields } from "../../app/models/[slug]/matrix/cell-judgement-fields";
import { changesFrom, formFromCell } from "../../app/models/[slug]/matrix/cell-form";
import { retireMitigation } from "../../lib/mitigations/change-mitigations";
import MatrixPage from "../../app/models/[slug]/matrix/page";
import MitigationsPage from "../../app/models/[slug]/mitigations/page";
import RiskPage from "../../app/models/[slug]/risks/[code]/page";
import RisksPage from "../../app/models/[slug]/risks/page";
import UsePage from "../../app/models/[slug]/uses/[code]/page";
import UsesPage from "../../app/models/[slug]/uses/page";
import QueuePage from "../../app/queue/page";
import ModelLayout from "../../app/models/[slug]/layout";
import ModelOverviewPage from "../../app/models/[slug]/page";
import ModelsPage from "../../app/models/page";
import { SessionBar } from "../../app/_components/session-bar";
import { updateCell } from "../../lib/cells/update-cell";
import { closeDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { loadCellEditing } from "../../lib/matrix/cell-editing";
import { renderPage } from "../support/render-page";
import { signInAsNewUser } from "../support/route-session";
import { reviewer, seededDatabaseFile, slug } from "./releases-setup";
import { CardPreviewView } from "../../app/models/new/create-model-forms";
import { cardSourcePath } from "../../lib/content/paths";
import { createModel } from "../../lib/models/create-model";
import { readFileSync } from "node:fs";

const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
let db: Db;
let url: string;
let cellId: string;

beforeAll(async () => {
  ({ db, url } = await seededDatabaseFile());
  const risk = await db.risk.findFirstOrThrow({ where: { code: "R1", model: { slug } }, include: { mitigations: { include: { mitigation: true } } } });
  await db.risk.update({ where: { id: risk.id }, data: { title: "Toxic \u202Eoutput" } });
  await db.use.updateMany({ where: { code: "U1", model: { slug } }, data: { purpose: "Chat \u2067assistant" } });
  await db.mitigation.update({ where: { id: risk.mitigations[0].mitigationId }, data: { text: "Filter \u202Doutputs" } });
  const cell = await db.cell.findFirstOrThrow({ where: { riskId: risk.id, use: { code: "U1" } } });
  cellId = cell.id;
  const saved = await updateCell(
    db,
    { ...reviewer, label: "Rita \u202EReviewer" },
    {
      ref: { cellId },
      expectedVersion: cell.version,
      changes: { rationale: "Seen in \u202Ered-team logs" },
    },
  );
  if (!saved.ok) throw new Error(saved.message);
  process.env.DATABASE_URL = url;
  await signInAsNewUser(db, { email: "rita@matrix-bidi.test", password: "rita-matrix-bidi-password", name: "Rita \u2067Reviewer", role: "REVIEWER" });
  // Rita owns the cell, so the risk's and use's pages name her and her queue lists it.
  const rita = await db.user.findUniqueOrThrow({ where: { email: "rita@matrix-bidi.test" } });
  await db.cell.update({ where: { id: cellId }, data: { ownerId: rita.id } });
});

/** A page less its form fields' values, which hold the text as typed so that saving keeps it. */
const shownPart = (html: string) => html.replace(/ value="[^"]*"/g, "");

afterAll(async () => {
  await closeDb();
  await db.$disconnect();
  delete process.env.DATABASE_URL;
});

describe("bidirectional controls in the texts the matrix pages show", () => {
  test("the matrix page names each control in a risk's title, a use's purpose and a person's name and applies none", async () => {
    const html = await renderPage(url, () => MatrixPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve({}) }));
    expect(html).toContain("Toxic ");
    expect(html).toMatch(/U\+202E<\/code>output/);
    expect(html).toMatch(/U\+2067<\/code>assistant/);
    expect(html).toContain("Rita &lt;U+2067&gt;Reviewer</option>");
    expect(html).not.toMatch(BIDI_CONTROL);
  });

  test("the cell's editor names each control in the risk, the use, a mitigation, the history's rationale and author and an owner and applies none", async () => {
    const editing = await loadCellEditing(db, cellId);
    if (!editing) throw new Error("no such cell");
    const html = await renderPage(url, async () =>
      createElement(CellEditor, {
        ...editing,
        slug,
        people: [{ id: "owen", name: "Owen \u2066Owner" }],
        role: "REVIEWER",
        actorLabel: "Rita Reviewer",
        onChanged: () => {},
        onClose: () => {},
      }),
    );
    expect(html).toMatch(/U\+202E<\/code>output/);
    expect(html).toMatch(/U\+2067<\/code>assistant/);
    expect(html).toMatch(/U\+202D<\/code>outputs/);
    expect(html).toMatch(/U\+202E<\/code>red-team logs/);
    expect(html).toMatch(/Rita <code[^>]*>U\+202E<\/code>Reviewer/);
    expect(html).toContain("Owen &lt;U+2066&gt;Owner</option>");
    // The rationale's own field holds it as typed: a reviewer edits the text, controls and all.
    const outsideTheTextarea = html.replace(/<textarea[^>]*>[^<]*<\/textarea>/g, "");
    expect(outsideTheTextarea).not.toMatch(BIDI_CONTROL);
  });
});

const params = (extra: Record<string, string> = {}) => ({ params: Promise.resolve({ slug, ...extra }) as never });

describe("bidirectional controls in the texts the card's other pages show", () => {
  test.each([
    ["the risks list", () => RisksPage(params()), [/U\+202E<\/code>output/]],
    [
      "R1's page",
      () => RiskPage(params({ code: "R1" })),
      [/U\+202E<\/code>output/, /U\+202D<\/code>outputs/, /U\+202E<\/code>red-team logs/, /Rita <code[^>]*>U\+2067<\/code>Reviewer/],
    ],
    ["the uses list", () => UsesPage(params()), [/U\+2067<\/code>assistant/]],
    [
      "U1's page",
      () => UsePage(params({ code: "U1" })),
      [/U\+2067<\/code>assistant/, /U\+202E<\/code>red-team logs/, /Rita <code[^>]*>U\+2067<\/code>Reviewer/],
    ],
    ["the mitigation library", () => MitigationsPage(params()), [/U\+202D<\/code>outputs/]],
  ])("%s names each control and applies none", async (_page, page, shown) => {
    const html = await renderPage(url, page);
    for (const named of shown) expect(html).toMatch(named);
    expect(shownPart(html)).not.toMatch(BIDI_CONTROL);
  });

  test("the review queue names each control in a risk's title and its owner's name and applies none", async () => {
    const html = await renderPage(url, () => QueuePage());
    expect(html).toMatch(/U\+202E<\/code>output/);
    expect(html).toMatch(/Rita <code[^>]*>U\+2067<\/code>Reviewer/);
    expect(shownPart(html)).not.toMatch(BIDI_CONTROL);
  });
});

describe("bidirectional controls in a model's name and the signed-in person's name", () => {
  beforeAll(async () => {
    await db.model.update({ where: { slug }, data: { name: "Beluga \u202E7B" } });
  });

  test.each([
    ["the matrix", () => MatrixPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve({}) })],
    ["the risks list", () => RisksPage(params())],
    ["the uses list", () => UsesPage(params())],
    ["the mitigation library", () => MitigationsPage(params())],
    ["the model's overview", () => ModelOverviewPage(params())],
    ["the models list", () => ModelsPage()],
    ["the card's header", () => ModelLayout({ ...params(), children: null })],
  ])("%s names the control in the model's name and applies none", async (_page, page) => {
    const html = await renderPage(url, page as () => Promise<ReactElement>);
    expect(html).toMatch(/Beluga <code[^>]*>U\+202E<\/code>7B/);
    expect(shownPart(html)).not.toMatch(BIDI_CONTROL);
  });

  test("the review queue names the control in the model's name and applies none", async () => {
    const html = await renderPage(url, () => QueuePage());
    expect(html).toMatch(/Beluga <code[^>]*>U\+202E<\/code>7B/);
    expect(shownPart(html)).not.toMatch(BIDI_CONTROL);
  });

  test("the session bar names the control in the signed-in person's name and applies none", async () => {
    const html = await renderPage(url, async () => {
      const bar = await SessionBar();
      if (!bar) throw new Error("nobody is signed in");
      return bar;
    });
    expect(html).toMatch(/Signed in as <strong>Rita <code[^>]*>U\+2067<\/code>Reviewer /);
    expect(html).not.toMatch(BIDI_CONTROL);
  });
});

describe("bidirectional controls in an uploaded card's preview", () => {
  test("the preview names them in the card's model name and its differences from the compared model, and applies none", async () => {
    const markdown = readFileSync(cardSourcePath(slug), "utf8").replaceAll("Stable Beluga 2", "Stable \u202EBeluga 2");
    const previewed = await createModel(db, reviewer, { from: "card", slug: "beluga-bidi", markdown, compareWith: slug });
    if (!previewed.ok || previewed.created) throw new Error("no preview");
    expect(previewed.preview.name).toContain("\u202E");
    const html = renderToStaticMarkup(createElement(CardPreviewView, { preview: previewed.preview }));
    expect(html).toMatch(/Stable <code[^>]*>U\+202E<\/code>Beluga 2/);
    expect(html).not.toMatch(BIDI_CONTROL);
  });
});

describe("bidirectional controls in a refusal the cell's editor shows", () => {
  test("a mitigation retired while the editor was open is named in the refusal beside its status with each control named", async () => {
    const editing = await loadCellEditing(db, cellId);
    if (!editing) throw new Error("no such cell");
    const mitigation = editing.risk.mitigations.find((candidate) => candidate.text.includes("\u202D"));
    if (!mitigation) throw new Error("no mitigation with a control");
    const base = formFromCell(editing.cell);
    const typed = { ...base, mitigationStatus: { ...base.mitigationStatus, [mitigation.id]: "IMPLEMENTED" as const } };
    const stored = await db.mitigation.findUniqueOrThrow({ where: { id: mitigation.id } });
    const approver = { id: null, label: "Ada Approver", role: "APPROVER" } as const;
    expect(await retireMitigation(db, approver, { mitigationId: mitigation.id, expectedVersion: stored.version, reason: "Folded in." })).toMatchObject({
      ok: true,
    });
    const refused = await updateCell(db, reviewer, { ref: { cellId }, expectedVersion: editing.cell.version, changes: changesFrom(typed, base) });
    if (refused.ok || refused.kind !== "invalid") throw new Error("not refused");
    const errors = Object.fromEntries(refused.issues.map((issue) => [issue.path.replace(/^changes\./, ""), issue.message]));
    const html = renderToStaticMarkup(
      createElement(CellJudgementFields, {
        form: typed,
        update: () => {},
        errors,
        fieldId: (name: string) => `f-${name}`,
        risk: editing.risk,
        people: [],
        role: "REVIEWER",
        savedReviewStatus: base.reviewStatus,
        evidenceStatus: editing.cell.evidence.status,
        scaleTexts: editing.scaleTexts,
        personName: (id: string) => id,
        canEdit: true,
      }),
    );
    expect(html).toMatch(/the mitigation &quot;Filter <code[^>]*>U\+202D<\/code>outputs&quot; is retired/);
    // The rationale's own field holds it as typed.
    expect(html.replace(/<textarea[^>]*>[^<]*<\/textarea>/g, "")).not.toMatch(BIDI_CONTROL);
  });
});
