// A person's queue after a risk or a use was retired: its cells have left the matrix and every edit
// or approval of them is refused, so a queue listing them would hold work nobody can do, there for
// good. The cells of rows still on the matrix stay queued.
import { describe, expect, test } from "vitest";
import { loadQueue } from "../../lib/review-queue/load-queue";
import { retireRisk } from "../../lib/risks/change-risks";
import { retireUse } from "../../lib/uses/change-uses";
import { seededDatabase, slug } from "./releases-setup";

describe("the queue of cells of retired rows", () => {
  test("lists no cell of a retired risk or use, waiting for approval, owned or past its acceptance", async () => {
    const db = await seededDatabase();
    const person = await db.user.create({ data: { name: "Ada Approver", email: "ada@queue-retired.test", role: "APPROVER" } });
    const queued = { risk: { code: { in: ["R1", "R3"] }, model: { slug } }, use: { code: { in: ["U1", "U4"] } } };
    await db.cell.updateMany({ where: queued, data: { reviewStatus: "IN_REVIEW", ownerId: person.id, acceptedUntil: new Date("2026-01-01") } });
    const setup = { id: null, label: "setup", role: "ADMIN" } as const;
    expect(await retireRisk(db, setup, { modelSlug: slug, code: "R3", expectedVersion: 1, reason: "Folded into R2." })).toMatchObject({ ok: true });
    expect(await retireUse(db, setup, { modelSlug: slug, code: "U4", expectedVersion: 1, reason: "No longer offered." })).toMatchObject({ ok: true });

    const queue = await loadQueue(db, { id: person.id, label: "Ada Approver", role: "APPROVER" });
    const cells = (entries: { risk: string; use: string }[] | null) => entries?.map((entry) => `${entry.risk}-${entry.use}`).sort();
    expect(cells(queue.owned)).toEqual(["R1-U1"]);
    expect(cells(queue.awaitingApproval)).toEqual(["R1-U1"]);
    expect(cells(queue.acceptancesExpired)).toEqual(["R1-U1"]);
  });
});
