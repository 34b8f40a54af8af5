// An approver's queue on a real checkpoint whose matrix still holds evidence the generated tiny
// model made: the cells waiting for approval show their evidence, and the smoke-test model's is
// tagged, so nobody approves a cell on noise without being told.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { QueueTable } from "../../app/queue/queue-sections";
import { loadQueue } from "../../lib/review-queue/load-queue";
import { addPassingEvidence, approver, seededDatabase, slug } from "./releases-setup";

describe("an approver's queue", () => {
  test("tags a cell waiting for approval whose current evidence the smoke-test model made, and not one whose evidence is the model's own", async () => {
    const db = await seededDatabase();
    await db.model.update({ where: { slug }, data: { isSmokeTestModel: false } });
    await addPassingEvidence(db, "R1", "U1");
    await addPassingEvidence(db, "R2", "U1", { smokeTest: true });
    await db.cell.updateMany({
      where: { risk: { code: { in: ["R1", "R2", "R3"] }, model: { slug } }, use: { code: "U1" } },
      data: { reviewStatus: "IN_REVIEW" },
    });

    const waiting = (await loadQueue(db, approver)).awaitingApproval!;
    const cell = (risk: string) => waiting.find((entry) => entry.risk === risk && entry.use === "U1")!;
    expect(cell("R1").evidence).toMatchObject({ verdict: "PASS", smokeTest: false });
    expect(cell("R2").evidence).toMatchObject({ verdict: "PASS", smokeTest: true });
    expect(cell("R3").evidence).toBeNull();

    const html = renderToStaticMarkup(createElement(QueueTable, { cells: waiting, empty: "", label: "Cells waiting for approval" }));
    const row = (risk: string) => html.split("<tr").find((tr) => tr.includes(`>${risk}×U1<`))!;
    expect(row("R2")).toContain("smoke-test model");
    expect(row("R1")).toMatch(/pass 0\/300/);
    expect(row("R1")).not.toContain("smoke-test");
    expect(row("R3")).toContain("untested");
  });
});
