// An import into a model that cannot count it: a new model with no uses yet, or one whose risks do
// not include those the mapping names for the file's probes (its card lists other risks). Each was
// imported as a source of no evidence, and the file was then "already imported: nothing added" for
// good, even once the uses and risks were added. Such an import is refused, saying what the model
// lacks, and writes nothing; once the model has them the same file is imported and counted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../lib/db/types";
import { importExternalResults, previewExternalImport } from "../../lib/imports/import-external-results";
import { createModel } from "../../lib/models/create-model";
import { addRisk } from "../../lib/risks/change-risks";
import { addUse } from "../../lib/uses/change-uses";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { campaignDatabase, rita } from "./campaign-fixture";

const admin = { id: null, label: "Ann Admin", role: "ADMIN" } as const;
const quack = `${FIXTURES_DIR}/garak/quack.report.jsonl`;
let db: Db;

beforeAll(async () => {
  db = (await campaignDatabase()).db;
});
afterAll(() => db.$disconnect());

const rows = async () => ({
  imports: await db.externalImport.count(),
  results: await db.externalResult.count(),
  evidence: await db.evidence.count(),
  audit: await db.auditEvent.count({ where: { action: "evidence.import" } }),
});

describe("importing into a model that cannot count the file's results", () => {
  it("a model with no uses yet: refused, naming what to add, nothing written", async () => {
    expect(await createModel(db, admin, { from: "blank", slug: "no-uses", name: "No Uses" })).toMatchObject({ ok: true });
    const before = await rows();
    const refusal = {
      ok: false,
      kind: "invalid",
      message: 'the model "no-uses" has no uses yet, so no result could count in one: add its uses and risks first',
    };
    expect(await previewExternalImport(db, { modelSlug: "no-uses", path: quack })).toEqual(refusal);
    expect(await importExternalResults(db, rita, { modelSlug: "no-uses", path: quack })).toEqual(refusal);
    expect(await rows()).toEqual(before);
  });

  it("a model without the risks its results are mapped to: refused, naming the risks, and imported once it has them", async () => {
    expect(await createModel(db, admin, { from: "blank", slug: "other-risks", name: "Other Risks" })).toMatchObject({ ok: true });
    const use = { purpose: "Answer questions", capability: "chat", aiUser: "staff", aiSubject: "customers", domain: "support" };
    expect(await addUse(db, admin, { modelSlug: "other-risks", ...use })).toMatchObject({ ok: true, code: "U1" });
    expect(
      await addRisk(db, admin, { modelSlug: "other-risks", title: "Toxic output", riskType: "CAPABILITY", harmArea: "REPRESENTATION_AND_TOXICITY" }),
    ).toMatchObject({
      ok: true,
      code: "R1",
    });
    const before = await rows();
    const refusal = {
      ok: false,
      kind: "invalid",
      message:
        'quack.report.jsonl: no result counts for the model "other-risks": the mapping (default.yaml) maps its results to R4, which the model does not have. Add the risk, or import with a mapping to the model\'s own risks',
    };
    expect(await previewExternalImport(db, { modelSlug: "other-risks", path: quack })).toEqual(refusal);
    expect(await importExternalResults(db, rita, { modelSlug: "other-risks", path: quack })).toEqual(refusal);
    expect(await rows()).toEqual(before);

    for (const title of ["Second", "Third", "Quack medicine"])
      expect(await addRisk(db, admin, { modelSlug: "other-risks", title, riskType: "CAPABILITY", harmArea: "MISINFORMATION" })).toMatchObject({ ok: true });
    expect(await importExternalResults(db, rita, { modelSlug: "other-risks", path: quack })).toMatchObject({ ok: true, imported: true, evidenceRows: 1 });
  });
});
