import { expect, test } from "vitest";
import { LONGEST_RETRY_MS, retryDelayMs } from "../../lib/db/retry-transient";

test("the wait before each retry doubles from about 250 ms, never exceeds 5 s, and is jittered within the upper half of its ceiling", () => {
  const shortest = Array.from({ length: 10 }, (_, attempt) => retryDelayMs(attempt, () => 0));
  const longest = Array.from({ length: 10 }, (_, attempt) => retryDelayMs(attempt, () => 1));
  expect(shortest).toEqual([125, 250, 500, 1000, 2000, 2500, 2500, 2500, 2500, 2500]);
  expect(longest).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000, 5000, 5000]);
  expect(retryDelayMs(1000, () => 1)).toBe(LONGEST_RETRY_MS);
});
