// The runs before and after one run, in the order the campaign page lists its results (case key,
// then repeat), so a reviewer reads a campaign case by case without going back to the list.
import type { Db } from "../../db/types";

export interface CaseRunNeighbours {
  previousId: string | null;
  nextId: string | null;
  /** 1-based place of this run in the campaign, and how many runs it has. */
  position: number;
  total: number;
}

export async function loadCaseRunNeighbours(db: Db, campaignId: string, runId: string): Promise<CaseRunNeighbours> {
  // Ids and keys only: even a campaign of 100,000 runs is a few megabytes to read, once per page.
  const runs = await db.caseRun.findMany({
    where: { campaignId },
    orderBy: [{ case: { key: "asc" } }, { repeat: "asc" }],
    select: { id: true },
  });
  const index = runs.findIndex((run) => run.id === runId);
  return {
    previousId: index > 0 ? runs[index - 1].id : null,
    nextId: index >= 0 && index < runs.length - 1 ? runs[index + 1].id : null,
    position: index + 1,
    total: runs.length,
  };
}
