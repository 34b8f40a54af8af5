// The test suites a model holds for one of its uses, as the use page lists them: key, title, how many
// cases, which risks those cases probe, and whether it comes from content/suites or was uploaded (the
// folder's sync leaves an upload as it is).
import type { Db } from "../db/types";
import { readNameList } from "../db/json-columns";
import { byCodeNumber } from "../domain/cell-key";

export interface UseSuiteSummary {
  key: string;
  title: string;
  cases: number;
  risks: string[];
  origin: "FILE" | "UPLOAD";
}

export async function loadUseSuites(db: Db, modelSlug: string, useCode: string): Promise<UseSuiteSummary[]> {
  const suites = await db.testSuite.findMany({
    // A retired suite is no longer the use's: only earlier campaigns still show it.
    where: { model: { slug: modelSlug }, use: { code: useCode }, retiredAt: null },
    orderBy: { key: "asc" },
    // A retired case is no longer the suite's: only earlier campaigns' runs still show it.
    select: { key: true, title: true, origin: true, cases: { where: { retiredAt: null }, select: { risks: true } } },
  });
  return suites.map((suite) => {
    const risks = new Set(suite.cases.flatMap((testCase) => readNameList(testCase.risks, "Case.risks")));
    return {
      key: suite.key,
      title: suite.title,
      cases: suite.cases.length,
      risks: [...risks].sort(byCodeNumber),
      origin: suite.origin,
    };
  });
}
