// A risk acceptance that lapses reopens its cell even when nobody opens a page: the campaign worker
// sweeps them as it goes, audited as the system's.
import { expect, test } from "vitest";
import { runWorker } from "../../lib/campaigns/runner/worker";
import { seededDatabase } from "./releases-setup";

test("a worker with no campaign to run reopens a cell whose risk acceptance has expired, once, audited", async () => {
  const db = await seededDatabase();
  const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: "R2" }, use: { code: "U1" } } });
  await db.cell.update({
    where: { id: cell.id },
    data: { applies: "YES", reviewStatus: "ACCEPTED", acceptedUntil: new Date(Date.now() - 60_000), acceptanceJustification: "Low reach." },
  });
  const logged: string[] = [];
  await runWorker({
    db,
    openBackend: () => Promise.reject(new Error("no campaign should be opened")),
    exitWhenIdle: true,
    onLog: (message) => logged.push(message),
  });
  const reopened = await db.cell.findUniqueOrThrow({ where: { id: cell.id } });
  expect(reopened.reviewStatus).toBe("IN_REVIEW");
  expect(await db.auditEvent.count({ where: { action: "cell.acceptance-expired", entityId: cell.id } })).toBe(1);
  expect(logged).toContain("1 expired risk acceptance(s) reopened");
});
