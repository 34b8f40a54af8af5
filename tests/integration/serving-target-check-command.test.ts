// `riskledger serving-target check` as an admin runs it where the workers run: a child process against a real SQLite
// file, asking real HTTP servers. A worker pauses a campaign on what its endpoint's /v1/models says (another model,
// a root naming other weights than the declared revision); before this command, an admin learnt of it only from a
// paused campaign.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { runCli } from "../support/run-cli";
import { campaignDatabase } from "./campaign-fixture";
import { freePort } from "./engine-server-helpers";
import { SNAPSHOT_COMMIT, SNAPSHOT_ROOT, SnapshotEndpoint } from "./local-endpoint";
import { admin } from "./serving-target-setup";

let db: Db;
let url: string;
let endpoint: SnapshotEndpoint;
let baseUrl: string;
beforeEach(async () => {
  ({ db, url } = await campaignDatabase());
  endpoint = new SnapshotEndpoint();
  baseUrl = await endpoint.listen();
});
afterEach(async () => {
  await endpoint.close();
});

async function save(name: string, fields: Partial<{ baseUrl: string; model: string; declaredRevision: string; apiKeyEnv: string }> = {}) {
  const saved = await createServingTarget(db, admin, { name, baseUrl, model: "beluga", declaredRevision: "3f5a6c1 fp8", ...fields });
  if (!saved.ok) throw new Error(saved.message);
}

describe("riskledger serving-target check", () => {
  test("says what each target's endpoint serves and names what would pause a campaign on it, exiting 1", async () => {
    const downUrl = `http://127.0.0.1:${await freePort()}/v1`;
    await save("agrees");
    await save("another-commit", { declaredRevision: "0123456789abcdef0123456789abcdef01234567" });
    await save("another-model", { model: "mistral" });
    await save("down", { baseUrl: downUrl });
    await save("keyed", { apiKeyEnv: "BELUGA_KEY" });

    const run = await runCli("cli/riskledger.ts", ["serving-target", "check"], url);

    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe("serving-target: 4 problems found");
    expect(run.stdout.split("\n")).toEqual([
      `serving target "agrees" at ${baseUrl}, model "beluga", declared revision "3f5a6c1 fp8"`,
      `  /v1/models lists beluga (root ${SNAPSHOT_ROOT}, max length 4096)`,
      "  its root agrees with the declared revision",
      `serving target "another-commit" at ${baseUrl}, model "beluga", declared revision "0123456789abcdef0123456789abcdef01234567"`,
      `  /v1/models lists beluga (root ${SNAPSHOT_ROOT}, max length 4096)`,
      `  problem: its /v1/models root (${SNAPSHOT_ROOT}) is the snapshot of commit ${SNAPSHOT_COMMIT}, not the declared commit 0123456789abcdef0123456789abcdef01234567: a campaign on it pauses before a case is sent`,
      `serving target "another-model" at ${baseUrl}, model "mistral", declared revision "3f5a6c1 fp8"`,
      `  problem: its endpoint serves beluga (root ${SNAPSHOT_ROOT}, max length 4096), not "mistral": a campaign on it pauses at its first lease`,
      `serving target "down" at ${downUrl}, model "beluga", declared revision "3f5a6c1 fp8"`,
      expect.stringMatching(/^ {2}problem: its endpoint could not be asked what it serves: openai backend: .*connection refused/),
      `serving target "keyed" at ${baseUrl}, model "beluga", declared revision "3f5a6c1 fp8"`,
      '  problem: serving target "keyed" needs its API key in the environment variable BELUGA_KEY, which is not set here',
      "",
    ]);
  });

  test("of one target that agrees exits 0; once the model's revision is another, says its evidence would be stale", async () => {
    await save("agrees");
    const fine = await runCli("cli/riskledger.ts", ["serving-target", "check", "agrees"], url);
    expect({ code: fine.code, problems: fine.stdout.includes("problem") }).toEqual({ code: 0, problems: false });

    await db.model.update({ where: { slug: defaultModelSlug }, data: { revisionHash: "a".repeat(64) } });
    const stale = await runCli("cli/riskledger.ts", ["serving-target", "check", "agrees"], url);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain(
      `  problem: the declared revision is not stable-beluga-2's revision (${"a".repeat(64)}): evidence from this target is stale for stable-beluga-2 from the start\n`,
    );
  });

  test("of a target nobody configured, or with a word it does not take, says so", async () => {
    const unknown = await runCli("cli/riskledger.ts", ["serving-target", "check", "nope"], url);
    expect({ code: unknown.code, out: unknown.stdout }).toEqual({
      code: 1,
      out: 'serving target "nope"\n  problem: no serving target is named "nope"\n',
    });
    const extra = await runCli("cli/riskledger.ts", ["serving-target", "check", "a", "b"], url);
    expect({ code: extra.code, err: extra.stderr.split("\n")[0] }).toEqual({ code: 2, err: 'serving-target: unexpected argument "b"' });
  });
});
