import { beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../lib/db/types";
import { campaignDatabase, runCampaign, runsByCase, smallCampaign } from "./campaign-fixture";

// Sampled, not greedy: the per-case seeds are what must make the runs repeat.
const sampled = { ...smallCampaign, repeats: 2, sampling: { seed: 11, temperature: 0.8, topP: 0.95, maxNewTokens: 6 } };

describe("repeating a campaign", () => {
  let db: Db;
  beforeAll(async () => {
    db = (await campaignDatabase()).db;
  });

  test("the same seed, model and suites give identical outputs and verdicts, however the work was batched", async () => {
    const first = await runsByCase(db, await runCampaign(db, sampled, { batchSize: 1 }));
    const second = await runsByCase(db, await runCampaign(db, sampled, { batchSize: 5 }));
    expect(first.size).toBe(24);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [key, run] of first) {
      const again = second.get(key)!;
      expect({ key, output: again.output, verdict: again.verdict, findings: again.findings }).toEqual({
        key,
        output: run.output,
        verdict: run.verdict,
        findings: run.findings,
      });
    }
  });

  test("another seed gives other outputs, and each repeat of a case samples its own", async () => {
    const seven = await runsByCase(db, await runCampaign(db, sampled));
    const eight = await runsByCase(db, await runCampaign(db, { ...sampled, sampling: { ...sampled.sampling, seed: 12 } }));
    const changed = [...seven].filter(([key, run]) => eight.get(key)!.output !== run.output);
    expect(changed.length).toBeGreaterThan(seven.size / 2);
    const keys = [...seven.keys()].filter((key) => key.endsWith("#0"));
    const repeatsDiffer = keys.filter((key) => seven.get(key)!.output !== seven.get(key.replace("#0", "#1"))!.output);
    expect(repeatsDiffer.length).toBeGreaterThan(keys.length / 2);
  });
});
