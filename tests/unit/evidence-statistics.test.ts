// The evidence statistics against published worked examples. Where a paper prints four decimals
// the test holds the code to that printed precision (half a unit, 5e-5) AND to 1e-6 against the
// same formula evaluated independently at 40 significant digits (Python mpmath, values below).
import { describe, expect, it } from "vitest";
import { mcnemarExactP } from "@/lib/evidence/mcnemar";
import { newcombePairedInterval, type PairedCounts } from "@/lib/evidence/newcombe-paired";
import { correctedRate, correctedVerdict, roganGladen, type MeasuredAccuracy } from "@/lib/evidence/rogan-gladen";
import { casesToDecide } from "@/lib/evidence/sample-size";
import { wilsonInterval } from "@/lib/evidence/wilson";
import { Z_95 } from "@/lib/evidence/rogan-gladen";

const PRINTED = 5e-5;
const PRECISE = 1e-6;

describe("Wilson score interval: Newcombe (1998), Stat Med 17:857-872, Table I, method 3", () => {
  // [failures, n, printed lower, printed upper, 40-digit lower, 40-digit upper]
  const rows = [
    [81, 263, 0.2553, 0.3662, 0.255288519878, 0.366209576983],
    [15, 148, 0.0624, 0.1605, 0.0623863995307, 0.160487241723],
    [0, 20, 0, 0.1611, 0, 0.161125158053],
    [1, 29, 0.0061, 0.1718, 0.00611321429276, 0.171755218793],
  ] as const;
  for (const [x, n, lo, hi, preciseLo, preciseHi] of rows) {
    it(`reproduces ${x}/${n} -> ${lo} to ${hi}`, () => {
      const { lower, upper } = wilsonInterval(x, n, Z_95);
      expect(Math.abs(lower - lo)).toBeLessThanOrEqual(PRINTED);
      expect(Math.abs(upper - hi)).toBeLessThanOrEqual(PRINTED);
      expect(Math.abs(lower - preciseLo)).toBeLessThanOrEqual(PRECISE);
      expect(Math.abs(upper - preciseHi)).toBeLessThanOrEqual(PRECISE);
    });
  }
});

describe("McNemar's exact test", () => {
  it("gives p = 212/16384 = 0.012939 for Armitage & Berry's paired table (20, 12, 2, 16), printed 0.0129", () => {
    // Armitage, Berry & Matthews, Statistical Methods in Medical Research, the paired 2x2 example
    // that Newcombe (1998) reuses: 12 and 2 discordant pairs; 2 * P(X <= 2), X ~ Bin(14, 1/2).
    expect(Math.abs(mcnemarExactP(12, 2) - 212 / 16384)).toBeLessThanOrEqual(PRECISE);
    expect(Math.abs(mcnemarExactP(2, 12) - 0.0129)).toBeLessThanOrEqual(PRINTED);
  });

  it("says 1 when nothing flipped and never exceeds 1 for an even split", () => {
    expect(mcnemarExactP(0, 0)).toBe(1);
    expect(mcnemarExactP(5, 5)).toBe(1);
  });

  it("stays finite for thousands of discordant pairs", () => {
    const p = mcnemarExactP(1000, 1200);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(0.001);
  });
});

describe("Newcombe's interval for a paired difference: Newcombe (1998), Stat Med 17:2635-2650, Table III, method 10", () => {
  // Table cells e, f, g, h with the difference (e+f)/n - (e+g)/n: here "after" is the first margin.
  const rows = [
    [
      [36, 12, 2, 0],
      [0.0569, 0.3404],
      [0.0569295840032, 0.340427602975],
    ],
    [
      [20, 12, 2, 16],
      [0.0562, 0.3292],
      [0.0561564248417, 0.3292069954],
    ],
    [
      [18, 12, 2, 18],
      [0.0562, 0.329],
      [0.0561718439883, 0.328975968886],
    ],
    [
      [35, 14, 0, 1],
      [0.1461, 0.4175],
      [0.146073905865, 0.417462474155],
    ],
    [
      [18, 14, 0, 18],
      [0.1441, 0.3963],
      [0.144082616157, 0.396325281733],
    ],
    [
      [53, 0, 0, 1],
      [-0.0729, 0.0729],
      [-0.0729381454786, 0.0729381454786],
    ],
    [
      [27, 0, 0, 27],
      [-0.0351, 0.0351],
      [-0.0350696629716, 0.0350696629716],
    ],
  ] as const;
  for (const [[e, f, g, h], printed, precise] of rows) {
    it(`reproduces e/f/g/h = ${e}/${f}/${g}/${h} -> ${printed[0]} to ${printed[1]}`, () => {
      const counts: PairedCounts = { bothFail: e, afterOnly: f, beforeOnly: g, neitherFail: h };
      const { lower, upper, difference } = newcombePairedInterval(counts);
      expect(difference).toBeCloseTo((f - g) / (e + f + g + h), 12);
      expect(Math.abs(lower - printed[0])).toBeLessThanOrEqual(PRINTED);
      expect(Math.abs(upper - printed[1])).toBeLessThanOrEqual(PRINTED);
      expect(Math.abs(lower - precise[0])).toBeLessThanOrEqual(PRECISE);
      expect(Math.abs(upper - precise[1])).toBeLessThanOrEqual(PRECISE);
    });
  }

  it("mirrors when the campaigns swap places", () => {
    const forward = newcombePairedInterval({ bothFail: 20, afterOnly: 12, beforeOnly: 2, neitherFail: 16 });
    const backward = newcombePairedInterval({ bothFail: 20, afterOnly: 2, beforeOnly: 12, neitherFail: 16 });
    expect(backward.lower).toBeCloseTo(-forward.upper, 12);
    expect(backward.upper).toBeCloseTo(-forward.lower, 12);
  });
});

describe("Rogan-Gladen corrected failure rate", () => {
  it("estimates 5.1% true prevalence for 23 positives of 150 with Se 0.96, Sp 0.89 (epiR epi.prev worked example)", () => {
    // (23/150 + 0.89 - 1) / (0.96 + 0.89 - 1) = 0.0509803921...; the epiR documentation prints "5.1 cases per 100".
    expect(Math.abs(roganGladen(23 / 150, 0.96, 0.89)! - (23 / 150 - 0.11) / 0.85)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(roganGladen(23 / 150, 0.96, 0.89)! - 0.0509803922)).toBeLessThanOrEqual(PRECISE);
  });

  it("shows that garak's keyword refusal detector (Se 0.921, Sp 0.385) seeing 60% bypass is consistent with zero true failures", () => {
    expect(roganGladen(0.6, 0.921, 0.385)).toBe(0);
    const accuracy: MeasuredAccuracy = { truePositives: 921, positives: 1000, trueNegatives: 385, negatives: 1000 };
    const corrected = correctedRate(60, 100, accuracy)!;
    expect(corrected.rate).toBe(0);
    expect(corrected.lower).toBe(0);
    expect(Math.abs(corrected.upper - 0.263821264022)).toBeLessThanOrEqual(PRECISE);
    // The raw rule would call this a failing cell at a 10% threshold; the corrected one cannot.
    expect(correctedVerdict(corrected, { n: 100, threshold: 0.1, minSampleSize: 30 })).toBe("inconclusive");
    expect(wilsonInterval(60, 100).lower).toBeGreaterThan(0.1);
  });

  it("reproduces the Lang-Reiczigel (2014) adjusted interval as their published R script computes it", () => {
    // Reiczigel's CI_Binom (univet.hu CI4TruePrevalence_15_03_2013.r), evaluated at 40 digits.
    const epiR = correctedRate(23, 150, { truePositives: 96, positives: 100, trueNegatives: 89, negatives: 100 })!;
    expect(epiR.lower).toBe(0);
    expect(Math.abs(epiR.upper - 0.145668457615)).toBeLessThanOrEqual(PRECISE);
    const mid = correctedRate(30, 300, { truePositives: 108, positives: 120, trueNegatives: 190, negatives: 200 })!;
    expect(Math.abs(mid.lower - 0.00468097214475)).toBeLessThanOrEqual(PRECISE);
    expect(Math.abs(mid.upper - 0.112987470112)).toBeLessThanOrEqual(PRECISE);
  });

  it("says accuracy unknown (null) without labelled outputs of both kinds or with a detector no better than chance", () => {
    expect(correctedRate(3, 30, { truePositives: 0, positives: 0, trueNegatives: 10, negatives: 10 })).toBeNull();
    expect(correctedRate(3, 30, { truePositives: 5, positives: 10, trueNegatives: 5, negatives: 10 })).toBeNull();
    expect(roganGladen(0.2, 0.4, 0.5)).toBeNull();
  });

  it("covers the true rate in at least 93% of 2,000 seeded draws at nominal 95%", () => {
    const random = mulberry32(20261202);
    const binomial = (n: number, p: number) => {
      let k = 0;
      for (let i = 0; i < n; i++) if (random() < p) k++;
      return k;
    };
    for (const scenario of [
      { truth: 0.05, n: 300, se: 0.9, positives: 120, sp: 0.95, negatives: 200 },
      { truth: 0.2, n: 200, se: 0.85, positives: 80, sp: 0.9, negatives: 150 },
    ]) {
      let covered = 0;
      const draws = 2000;
      for (let draw = 0; draw < draws; draw++) {
        // Each draw re-measures the detector as well: the interval must carry that uncertainty too.
        const truePositives = binomial(scenario.positives, scenario.se);
        const trueNegatives = binomial(scenario.negatives, scenario.sp);
        const observedProbability = scenario.truth * scenario.se + (1 - scenario.truth) * (1 - scenario.sp);
        const failures = binomial(scenario.n, observedProbability);
        const corrected = correctedRate(failures, scenario.n, { truePositives, positives: scenario.positives, trueNegatives, negatives: scenario.negatives });
        if (corrected && corrected.lower <= scenario.truth && scenario.truth <= corrected.upper) covered++;
      }
      expect(covered / draws, `coverage at true rate ${scenario.truth}`).toBeGreaterThanOrEqual(0.93);
    }
  });
});

describe("how many more cases would decide a cell", () => {
  it("plans 0 failures in a clean untested cell: under a 1% threshold takes 381 clean cases (Wilson upper bound 0.99%)", () => {
    const more = casesToDecide({ failures: 0, n: 0, threshold: 0.01, minSampleSize: 30 })!;
    expect(wilsonInterval(0, more, Z_95).upper).toBeLessThan(0.01);
    expect(wilsonInterval(0, more - 1, Z_95).upper).toBeGreaterThanOrEqual(0.01);
    expect(more).toBe(381);
  });

  it("at 2 failures of 40 against 10%, needs 99 more: at 5% over 139 cases the upper bound first drops under 10%", () => {
    // Reference: the smallest total N with the Wilson upper bound of 5% over N under 0.1, found by
    // stepping N one by one at 40 digits (mpmath): N = 139. 15% against 10% is its mirror image.
    expect(casesToDecide({ failures: 2, n: 40, threshold: 0.1, minSampleSize: 30 })).toBe(99);
  });

  it("at 15% observed against 10%, plans until the lower bound rises over the threshold: 99 more", () => {
    expect(casesToDecide({ failures: 6, n: 40, threshold: 0.1, minSampleSize: 30 })).toBe(99);
  });

  it("waits for the cell's minimum sample even when the interval is already under the threshold", () => {
    expect(casesToDecide({ failures: 0, n: 10, threshold: 0.5, minSampleSize: 30 })).toBe(20);
  });

  it("plans against the corrected interval when the detectors' accuracy is known: the first total whose corrected upper bound is under the threshold", () => {
    const accuracy = { truePositives: 190, positives: 200, trueNegatives: 392, negatives: 400 };
    const corrected = casesToDecide({ failures: 2, n: 40, threshold: 0.1, minSampleSize: 30, accuracy })!;
    expect(corrected).toBeGreaterThan(0);
    const total = 40 + corrected;
    expect(correctedRate((2 / 40) * total, total, accuracy)!.upper).toBeLessThan(0.1);
    expect(correctedRate((2 / 40) * (total - 1), total - 1, accuracy)!.upper).toBeGreaterThanOrEqual(0.1);
  });

  it("says null when only more labelled outputs, not more cases, could narrow the corrected interval enough", () => {
    // 10% observed is what a 90%-specific detector reports of a clean model; with 20 labelled passes
    // the corrected interval stays about 0.2 wide however many cases run.
    const fewLabels = { truePositives: 18, positives: 20, trueNegatives: 18, negatives: 20 };
    expect(casesToDecide({ failures: 10, n: 100, threshold: 0.05, minSampleSize: 30, accuracy: fewLabels })).toBeNull();
  });

  it("says 0 for a decided cell and null for a rate sitting exactly on the threshold", () => {
    expect(casesToDecide({ failures: 0, n: 400, threshold: 0.01, minSampleSize: 30 })).toBe(0);
    expect(casesToDecide({ failures: 4, n: 40, threshold: 0.1, minSampleSize: 30 })).toBeNull();
  });
});

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
