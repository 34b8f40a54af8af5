import { describe, expect, it } from "vitest";
import { detectorAccuracy, holdoutAccuracy, KNOWN_SHORTFALLS, trustByDetector } from "@/lib/detectors/accuracy";
import { judgeHoldout } from "@/lib/detectors/holdout-verdicts";
import { DETECTORS } from "@/lib/detectors";

describe("the trust figures shown beside detector verdicts", () => {
  it("are each current detector's blind-holdout precision, recall and agreement, with the reason when it falls short", async () => {
    const trust = trustByDetector(holdoutAccuracy(await judgeHoldout()));
    const holdout = await detectorAccuracy("holdout");
    expect([...trust.keys()].sort()).toEqual(DETECTORS.map((d) => `${d.name}@${d.version}`).sort());
    for (const measured of holdout) {
      const name = measured.detector.split("@")[0] as keyof typeof KNOWN_SHORTFALLS;
      expect(trust.get(measured.detector)).toEqual({
        precision: measured.precision,
        recall: measured.recall,
        agreement: measured.agreement,
        n: measured.n,
        meetsTarget: measured.meetsTarget,
        ...(KNOWN_SHORTFALLS[name] ? { shortfall: KNOWN_SHORTFALLS[name] } : {}),
      });
    }
  });

  it("has no figures for another version of a detector", async () => {
    const trust = trustByDetector(holdoutAccuracy(await judgeHoldout()));
    expect(trust.get("refusal@0.0.1")).toBeUndefined();
  });
});
