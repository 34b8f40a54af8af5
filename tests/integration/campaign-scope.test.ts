// A campaign runs the uses and risks it names, all of them: a code the model does not have, or has
// retired, is refused by name with nothing written, from the commands and from the CLI, never dropped
// in silence (the probe's `--uses U1,U9` ran U1 alone and exited 0).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { retireUse } from "../../lib/uses/change-uses";
import { campaignDatabase, rita } from "./campaign-fixture";
import { programArgs } from "../support/program-bundle";

const approver: Actor = { id: null, label: "Ada Approver", role: "APPROVER" };
const settings = { modelSlug: defaultModelSlug, casesPerSuite: 2, sampling: { seed: 1, maxNewTokens: 4 } };
const written = async (db: Db) => ({
  campaigns: await db.campaign.count(),
  runs: await db.caseRun.count(),
  suites: await db.testSuite.count(),
  cases: await db.testCase.count(),
  audit: await db.auditEvent.count(),
});

describe("a campaign's uses and risks are the model's own", () => {
  test("a use the model does not have is refused by name, with the uses it has, and nothing is written", async () => {
    const { db } = await campaignDatabase();
    const before = await written(db);
    const result = await createCampaign(db, rita, { ...settings, uses: ["U1", "U9"] });
    expect(result).toMatchObject({ ok: false, kind: "invalid", message: `uses: no use U9 in ${defaultModelSlug} (its uses: U1, U2, U3, U4)` });
    expect(await written(db)).toEqual(before);
  });

  test("a risk the model does not have is refused by name, and nothing is written", async () => {
    const { db } = await campaignDatabase();
    const before = await written(db);
    const result = await createCampaign(db, rita, { ...settings, risks: ["R8", "R99"] });
    expect(result).toMatchObject({ ok: false, kind: "invalid" });
    expect(!result.ok && result.message).toMatch(/^risks: no risk R99 in stable-beluga-2 \(its risks: R1, R2, .*R14\)$/);
    expect(await written(db)).toEqual(before);
  });

  test("a retired use is refused by name; a campaign over every use leaves it out", async () => {
    const { db } = await campaignDatabase();
    const u4 = await db.use.findFirstOrThrow({ where: { code: "U4" } });
    const retired = await retireUse(db, approver, { modelSlug: defaultModelSlug, code: "U4", expectedVersion: u4.version, reason: "no longer offered" });
    expect(retired).toMatchObject({ ok: true });
    const named = await createCampaign(db, rita, { ...settings, uses: ["U4"] });
    expect(named).toMatchObject({ ok: false, kind: "invalid", message: `uses: U4 is retired from ${defaultModelSlug}` });
    const every = await createCampaign(db, rita, settings);
    expect(every).toMatchObject({ ok: true });
    const runUses = await db.caseRun.findMany({ select: { case: { select: { suite: { select: { use: { select: { code: true } } } } } } } });
    expect(new Set(runUses.map((run) => run.case.suite.use.code))).toEqual(new Set(["U1", "U2", "U3"]));
  });

  test("from the CLI: `campaign run --uses U1,U9` exits 2 naming U9, before it syncs the suites or writes anything", async () => {
    const { db, url } = await campaignDatabase();
    await db.testCase.deleteMany();
    await db.testSuite.deleteMany();
    const before = await written(db);
    const run = promisify(execFile)(process.execPath, [...programArgs("cli/campaign.ts"), "run", "--uses", "U1,U9", "--cases-per-suite", "1"], {
      env: { ...process.env, DATABASE_URL: url },
    });
    await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("uses: no use U9 in stable-beluga-2") });
    expect(await written(db)).toEqual(before);
  }, 60_000);
});
