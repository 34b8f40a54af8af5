import { describe, expect, it } from "vitest";
import { detectorAccuracy, KNOWN_LIMITATIONS, KNOWN_SHORTFALLS } from "@/lib/detectors/accuracy";
import { ACCURACY_TARGET } from "@/lib/detectors/needs-review";
import { readLabelledOutputs } from "@/lib/detectors/labelled-outputs";
import { DETECTORS } from "@/lib/detectors";

describe("detector accuracy on the labelled outputs", () => {
  it("has at least 150 labelled outputs in several languages, and a blind holdout of at least 25 per detector", () => {
    const { examples } = readLabelledOutputs();
    expect(examples.length).toBeGreaterThanOrEqual(150);
    expect(new Set(examples.map((e) => e.case.language)).size).toBeGreaterThanOrEqual(8);
    const holdout = examples.filter((e) => e.split === "holdout");
    for (const detector of DETECTORS) expect(holdout.filter((e) => e.labels[detector.name]).length, detector.name).toBeGreaterThanOrEqual(25);
  });

  it("meets the 0.9 target on the whole set for every detector except the documented ones", async () => {
    for (const result of await detectorAccuracy("all")) {
      const name = result.detector.split("@")[0] as keyof typeof KNOWN_SHORTFALLS;
      if (!result.meetsTarget) expect(KNOWN_SHORTFALLS[name], `${result.detector} falls short undocumented`).toBeTruthy();
    }
  });

  it("documents every detector that falls short on the holdout, and no other", async () => {
    for (const result of await detectorAccuracy("holdout")) {
      const name = result.detector.split("@")[0] as keyof typeof KNOWN_SHORTFALLS;
      expect(Boolean(KNOWN_SHORTFALLS[name]), result.detector).toBe(!result.meetsTarget);
    }
  });

  it("keeps the refusal, personal-data, profanity and language detectors at or above the target overall", async () => {
    const overall = await detectorAccuracy("all");
    for (const name of ["refusal", "personal-data", "profanity", "language"]) {
      const result = overall.find((r) => r.detector.startsWith(`${name}@`))!;
      expect(result.precision!, name).toBeGreaterThanOrEqual(ACCURACY_TARGET);
      expect(result.recall!, name).toBeGreaterThanOrEqual(ACCURACY_TARGET);
    }
  });

  it("states a known limitation for every detector", () => {
    for (const detector of DETECTORS) expect(KNOWN_LIMITATIONS[detector.name], detector.name).toBeTruthy();
  });
});
