// `DATABASE_URL=file:./data/e2e-….db npx tsx tests/browser/support/seed-fine-tune.ts`: two more
// models from the Stable Beluga 2 card, so no other spec's pages change: "llama-2-70b" (named
// Llama-2-70B, its Hugging Face id in its front matter, one risk of its own, R15, and a clean
// 300-sample result on its R1×U1) and "beluga-fine-tune", not yet linked to it. Each run starts
// them afresh, so a retried spec finds the same situation.
import { readFileSync } from "node:fs";
import type { Actor } from "../../../lib/auth/actor";
import { importCard } from "../../../lib/card/import-card";
import { parseCardMarkdown } from "../../../lib/card/parse-markdown";
import { cardSourcePath, defaultModelSlug } from "../../../lib/content/paths";
import { closeDb, getDb } from "../../../lib/db/client";
import { loadCurrentHashes } from "../../../lib/evidence/current-hashes";
import { addRisk } from "../../../lib/risks/change-risks";
import { refuseNonE2eDatabase } from "./refuse-non-e2e-database";

refuseNonE2eDatabase();
const db = getDb();
const setup: Actor = { id: null, label: "browser test setup", role: "ADMIN" };
const [base, fineTune] = ["llama-2-70b", "beluga-fine-tune"];

await db.model.deleteMany({ where: { slug: { in: [fineTune, base] } } });
for (const slug of [base, fineTune]) {
  const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), slug);
  const imported = await importCard(db, setup, card, { apply: true });
  if (!imported.ok) throw new Error(imported.message);
}
await db.model.update({
  where: { slug: base },
  data: { name: "Llama-2-70B", frontMatter: { model_id: "meta-llama/Llama-2-70b-hf" }, revisionHash: "e9a3f1c07b2d" },
});
await db.model.update({ where: { slug: fineTune }, data: { name: "Beluga Fine-Tune" } });
const r15 = await addRisk(db, setup, { modelSlug: base, title: "Repeats memorised training data", riskType: "CAPABILITY", harmArea: "INFORMATION_AND_SAFETY" });
if (!r15.ok) throw new Error(r15.message);
const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: "R1", model: { slug: base } }, use: { code: "U1" } }, include: { risk: true } });
// Made under the base's current revision, suite and detectors: current evidence of the base, not stale.
const current = await loadCurrentHashes(db, cell.risk.modelId);
await db.evidence.create({
  data: {
    cellId: cell.id,
    kind: "CAMPAIGN",
    n: 300,
    passes: 300,
    failures: 0,
    intervalLow: 0,
    intervalHigh: 0.0126,
    verdict: "PASS",
    modelRevision: current.modelRevision,
    suiteHash: current.suiteHashByUse.get("U1") ?? null,
    detectorsHash: current.detectorsHash,
    title: "Llama-2-70B U1 campaign",
  },
});
await closeDb();
console.log(JSON.stringify({ base, fineTune }));
