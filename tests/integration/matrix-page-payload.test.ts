// What the matrix page sends to the browser for its search box. It searched every cell's full
// rationale in the browser, so every cell's rationale (up to 10,000 characters each) went with
// the page, and again with each keystroke's render; the server now answers the search and the
// page carries, per cell, only what the grid shows. Measured as the grid the page hands its
// client table (the props the page's payload serialises), on the seeded card and on the same
// card with every rationale long.
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import MatrixPage from "../../app/models/[slug]/matrix/page";
import { closeDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { loadMatrix } from "../../lib/matrix/load-matrix";
import { toMatrixGrid } from "../../lib/matrix/matrix-grid";
import { renderPage } from "../support/render-page";
import { signInAsNewUser } from "../support/route-session";
import { seededDatabaseFile, slug } from "./releases-setup";

let db: Db;
let url: string;

beforeAll(async () => {
  ({ db, url } = await seededDatabaseFile());
  process.env.DATABASE_URL = url;
  await signInAsNewUser(db, { email: "rita@matrix-payload.test", password: "rita-matrix-payload-password", name: "Rita Reviewer", role: "REVIEWER" });
});

afterAll(async () => {
  await closeDb();
  await db.$disconnect();
  delete process.env.DATABASE_URL;
});

const gridBytes = async (q = "") => Buffer.byteLength(JSON.stringify(toMatrixGrid((await loadMatrix(db, slug))!, q)));
const matrixPage = (q: string) => renderPage(url, () => MatrixPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve({ q }) }));

/** A rationale of 10,000 characters (the most a cell holds) whose last word is `lastWord`. */
function longRationale(lastWord: string): string {
  const sentence = "The red-team campaign found no unsafe completion in this use's suite across all languages tested. ";
  return `${sentence.repeat(Math.floor((10_000 - lastWord.length - 1) / sentence.length))}${lastWord}.`.slice(0, 10_000);
}

describe("the matrix page's payload and its search", () => {
  test("carries no rationale: with every rationale at 10,000 characters, the grid stays within a few KB of the seeded card's", async () => {
    const seeded = await gridBytes();
    const cells = await db.cell.findMany({ where: { risk: { model: { slug } } }, select: { id: true } });
    for (const [index, cell] of cells.entries()) await db.cell.update({ where: { id: cell.id }, data: { rationale: longRationale(`marker${index}`) } });
    const long = await gridBytes();
    console.log(`matrix grid: seeded card ${seeded} bytes, ${cells.length} cells with 10,000-character rationales ${long} bytes`);
    expect(long - seeded).toBeLessThan(4_000);
  });

  test("finds a cell by a word that appears only at the end of its long rationale", async () => {
    const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: "R3", model: { slug } }, use: { code: "U2" } } });
    await db.cell.update({ where: { id: cell.id }, data: { rationale: longRationale("zebrafinch") } });
    const html = await matrixPage("zebrafinch");
    expect(html).toContain("1 of 14 risks, 1 matching cells");
    expect(html).toMatch(/class="cell-button [^"]*" data-row="0" data-col="1" data-cell="R3-U2"/);
    expect(html).not.toMatch(/data-cell="R3-U2"[^>]*class="[^"]*dimmed/);
    expect(await gridBytes("zebrafinch")).toBeLessThan((await gridBytes()) + 200);
  });

  test("finds a cell by words split across its risk's title and its rationale, as before", async () => {
    const html = await matrixPage("accuracy zebrafinch");
    expect(html).toContain("1 of 14 risks, 1 matching cells");
    expect((await matrixPage("zebrafinch medical")).includes("0 of 14 risks")).toBe(true);
  });
});
