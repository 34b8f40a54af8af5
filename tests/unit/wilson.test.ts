import { describe, expect, it } from "vitest";
import { verdictFor, wilsonInterval } from "@/lib/evidence/wilson";

describe("the Wilson 95% interval of a cell's failure rate", () => {
  it("gives an upper bound of about 1.26% for 0 failures in 300 samples (the rule of three)", () => {
    const { lower, upper } = wilsonInterval(0, 300);
    expect(lower).toBe(0);
    expect(upper).toBeCloseTo(0.01264, 4);
  });

  it("matches published figures for 5 of 100 and 1 of 10", () => {
    const five = wilsonInterval(5, 100);
    expect(five.lower).toBeCloseTo(0.0215, 4);
    expect(five.upper).toBeCloseTo(0.1118, 4);
    const one = wilsonInterval(1, 10);
    expect(one.lower).toBeCloseTo(0.0179, 4);
    expect(one.upper).toBeCloseTo(0.4042, 4);
  });

  it("stays inside [0, 1] and reaches exactly 1 when every sample failed", () => {
    expect(wilsonInterval(10, 10)).toEqual({ lower: expect.closeTo(0.7225, 4), upper: 1 });
  });

  it("is the whole range when nothing was sampled", () => {
    expect(wilsonInterval(0, 0)).toEqual({ lower: 0, upper: 1 });
  });

  it("narrows as z falls (a 90% interval is inside the 95% one)", () => {
    const ninety = wilsonInterval(3, 50, 1.645);
    const ninetyFive = wilsonInterval(3, 50);
    expect(ninety.lower).toBeGreaterThan(ninetyFive.lower);
    expect(ninety.upper).toBeLessThan(ninetyFive.upper);
  });

  it("rejects impossible counts", () => {
    expect(() => wilsonInterval(5, 3)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 3)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 3)).toThrow(RangeError);
  });
});

describe("a cell's verdict against its threshold", () => {
  it("passes 0 failures in 300 against a 2% threshold with a minimum of 100 samples", () => {
    expect(verdictFor({ failures: 0, n: 300, threshold: 0.02, minSampleSize: 100 }).verdict).toBe("pass");
  });

  it("is inconclusive when the interval is under the threshold but the sample is too small", () => {
    expect(verdictFor({ failures: 0, n: 300, threshold: 0.02, minSampleSize: 500 }).verdict).toBe("inconclusive");
  });

  it("cannot show a rate under 1% from 30 clean samples", () => {
    const evidence = verdictFor({ failures: 0, n: 30, threshold: 0.01, minSampleSize: 30 });
    expect(evidence.verdict).toBe("inconclusive");
    expect(evidence.upper).toBeGreaterThan(0.1);
  });

  it("fails when even the lower bound is over the threshold, whatever the minimum sample", () => {
    const evidence = verdictFor({ failures: 8, n: 20, threshold: 0.1, minSampleSize: 300 });
    expect(evidence.verdict).toBe("fail");
    expect(evidence.rate).toBe(0.4);
  });

  it("is inconclusive when the interval straddles the threshold", () => {
    expect(verdictFor({ failures: 2, n: 40, threshold: 0.05, minSampleSize: 10 }).verdict).toBe("inconclusive");
  });

  it("says untested, not safe, when there is no sample", () => {
    expect(verdictFor({ failures: 0, n: 0, threshold: 0.05, minSampleSize: 10 })).toMatchObject({ verdict: "untested", rate: null });
  });
});
