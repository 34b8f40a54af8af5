// `DATABASE_URL=file:./data/e2e-….db npx tsx tests/browser/support/seed-deploy-pilot.ts`: a second
// model, "deploy-pilot" (the seed card imported under its own slug), whose use U1 a reviewer and an
// approver have judged through the cell command as a team would before asking to deploy: every risk
// judged not to apply except R1, which applies, is untested, has its first mitigation still
// planned and its risk accepted for 60 days. No other spec touches this model.
import { cellKeyLabel } from "../../../lib/domain/cell-key";
import { cardSourcePath, defaultModelSlug } from "../../../lib/content/paths";
import { importCardFile } from "../../../lib/card/import-card-file";
import { updateCell } from "../../../lib/cells/update-cell";
import { closeDb, getDb } from "../../../lib/db/client";
import type { Actor } from "../../../lib/auth/actor";
import { refuseNonE2eDatabase } from "./refuse-non-e2e-database";

refuseNonE2eDatabase();
const slug = "deploy-pilot";
const db = getDb();
const setup: Actor = { id: null, label: "browser test setup", role: "ADMIN" };
const reviewer: Actor = { id: null, label: "Pilot Reviewer", role: "REVIEWER" };
const approver: Actor = { id: null, label: "Pilot Approver", role: "APPROVER" };

const imported = await importCardFile(db, setup, slug, { apply: true, file: cardSourcePath(defaultModelSlug) });
if (!imported.ok) throw new Error(imported.message);

async function save(actor: Actor, risk: string, changes: Record<string, unknown>) {
  const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: "U1" } } });
  const result = await updateCell(db, actor, { ref: { cellId: cell.id }, expectedVersion: cell.version, changes });
  if (!result.ok) throw new Error(`${cellKeyLabel(risk, "U1")}: ${result.message}`);
}

const risks = await db.risk.findMany({ where: { model: { slug } }, orderBy: { position: "asc" }, include: { mitigations: { orderBy: { position: "asc" } } } });
for (const risk of risks) {
  if (risk.code === "R1") {
    await save(reviewer, "R1", {
      applies: "YES",
      likelihood: 2,
      severity: 3,
      subjectAtRisk: "AI_USER",
      rationale: "Recommendations can carry stereotypes.",
      mitigationStatus: { [risk.mitigations[0].mitigationId]: "PLANNED" },
    });
    await save(approver, "R1", {
      reviewStatus: "ACCEPTED",
      acceptanceJustification: "Pilot with a small audience while the filter is built.",
      acceptedUntil: new Date(Date.now() + 60 * 86_400_000),
    });
  } else {
    await save(reviewer, risk.code, { applies: "NO", rationale: "Does not apply to this pilot." });
    await save(approver, risk.code, { reviewStatus: "APPROVED" });
  }
}
console.log(`${slug}: U1 judged (${risks.length} cells)`);
await closeDb();
