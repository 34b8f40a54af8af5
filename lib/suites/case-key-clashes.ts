// A case is known by its key across a model's suites: a campaign's results are keyed by it, and two
// campaigns' runs of it are paired by it when compared. So a suite may not name a key another suite
// of the model holds, retired or not (earlier campaigns' runs of a retired case are still known by
// it), whether the suite comes from content/suites or is uploaded.
import type { Db } from "../db/types";

/** What is wrong with `suite`'s case keys for the model, or null: "case keys already used by another suite: u1.x (in u1-recommender), ...". */
export async function caseKeysHeldElsewhere(db: Db, modelId: string, suite: { suite: string; cases: { key: string }[] }): Promise<string | null> {
  const others = await db.testSuite.findMany({
    where: { modelId, key: { not: suite.suite } },
    select: { key: true, cases: { select: { key: true, retiredAt: true } } },
  });
  const taken = new Map(
    others.flatMap((other) => other.cases.map((testCase) => [testCase.key, testCase.retiredAt ? `${other.key}, retired` : other.key] as const)),
  );
  const clashes = suite.cases.filter((testCase) => taken.has(testCase.key)).map((testCase) => `${testCase.key} (in ${taken.get(testCase.key)})`);
  if (clashes.length === 0) return null;
  return `case keys already used by another suite: ${clashes.slice(0, 5).join(", ")}${clashes.length > 5 ? ", ..." : ""}`;
}
