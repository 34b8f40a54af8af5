// How a campaign's runs are cut into transactions (lib/campaigns/start/write-campaign-runs.ts): by time,
// so that a request waiting behind one waits only milliseconds, and named so that workers lease
// them in the order they were written.
import { describe, expect, test } from "vitest";
import { CHUNK_BUDGET_MS, caseRunId, nextChunkRows } from "../../lib/campaigns/start/write-campaign-runs";

describe("campaign run chunks", () => {
  test("a chunk that took twice the budget is followed by one half its size, and one that took half by one twice its size", () => {
    expect(nextChunkRows(400, CHUNK_BUDGET_MS * 2)).toBe(200);
    expect(nextChunkRows(400, CHUNK_BUDGET_MS / 2)).toBe(800);
  });

  test("a machine too slow for even a few rows still writes ten per chunk, and a fast one at most 2,000 (PostgreSQL's parameter limit at four per row)", () => {
    expect(nextChunkRows(10, 10_000)).toBe(10);
    expect(nextChunkRows(2000, 0)).toBe(2000);
    expect(2000 * 4).toBeLessThan(65_535);
  });

  test("run ids sort in the order the runs were written, across every digit the limits allow", () => {
    const indexes = [0, 1, 9, 10, 35, 36, 1295, 1296, 49_997, 641_000];
    const ids = indexes.map((index) => caseRunId("cmx7campaign", index));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(indexes.length);
    expect(ids[0]).toBe("cmx7campaignr000000");
  });
});
