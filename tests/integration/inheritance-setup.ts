// The situation the inheritance tests start from: the seed card (Stable Beluga 2) and its base,
// Llama-2-70B, made here from the same card as a template (R1..R14, U1..U4, nothing assessed) with
// one risk of its own the fine-tune has no row for (R15), its Hugging Face id in its front matter,
// and evidence on some of its cells.
import type { Actor } from "../../lib/auth/actor";
import type { Db } from "../../lib/db/types";
import { loadCurrentHashes } from "../../lib/evidence/current-hashes";
import { setBaseModel } from "../../lib/inheritance/set-base-model";
import { createModel } from "../../lib/models/create-model";
import { addRisk } from "../../lib/risks/change-risks";
import { reviewer, seededDatabase, slug } from "./releases-setup";

export const fineTune = slug;
export const base = "llama-2-70b";
export const baseName = "Llama-2-70B";
export const baseHubId = "meta-llama/Llama-2-70b-hf";
export const baseRevision = "e9a3f1c07b2d";
export const admin: Actor = { id: null, label: "Ann Admin", role: "ADMIN" };

/** Stable Beluga 2 and Llama-2-70B, not yet linked. */
export async function twoModels(): Promise<Db> {
  const db = await seededDatabase();
  const created = await createModel(db, reviewer, { from: "template", slug: base, name: baseName, template: fineTune });
  if (!created.ok) throw new Error(created.message);
  await db.model.update({ where: { slug: base }, data: { frontMatter: { model_id: baseHubId, license: "llama2" }, revisionHash: baseRevision } });
  const r15 = await addRisk(db, reviewer, {
    modelSlug: base,
    title: "Repeats memorised training data",
    riskType: "CAPABILITY",
    harmArea: "INFORMATION_AND_SAFETY",
  });
  if (!r15.ok || r15.code !== "R15") throw new Error(`expected R15 on the base, got ${JSON.stringify(r15)}`);
  return db;
}

/** Stable Beluga 2 named as a fine-tune of Llama-2-70B. */
export async function fineTuneOfBase(): Promise<Db> {
  const db = await twoModels();
  const set = await setBaseModel(db, admin, { slug: fineTune, baseSlug: base });
  if (!set.ok) throw new Error(set.message);
  return db;
}

/** A clean, current campaign result of 300 samples on one cell of `model`. */
export async function addCleanEvidence(db: Db, model: string, risk: string, use: string): Promise<string> {
  const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug: model } }, use: { code: use } }, include: { risk: true } });
  const current = await loadCurrentHashes(db, cell.risk.modelId);
  const row = await db.evidence.create({
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
      suiteHash: current.suiteHashByUse.get(use) ?? null,
      detectorsHash: current.detectorsHash,
      title: `Campaign on ${model} ${risk}-${use}`,
    },
  });
  return row.id;
}

/** Every row of the model's risks, mitigations links, cells and evidence: to show a change left it alone. */
export async function modelRows(db: Db, model: string): Promise<string> {
  const rows = await db.model.findUniqueOrThrow({
    where: { slug: model },
    include: {
      risks: { orderBy: { code: "asc" }, include: { mitigations: true, cells: { orderBy: { id: "asc" }, include: { evidence: true, mitigations: true } } } },
      uses: { orderBy: { code: "asc" } },
      mitigations: { orderBy: { text: "asc" } },
    },
  });
  return JSON.stringify(rows);
}
