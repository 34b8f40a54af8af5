// Why a campaign's runs ended in error, one line per reason with how many runs gave it: what a
// person reading a finished campaign needs before trusting what it did not test. The endpoint's
// own words and address (errorDetail) go to admins only, as on a run's page.
import type { Actor } from "../../auth/actor";
import type { Db } from "../../db/types";
import { mayReadServingTargetConfig } from "../../serving-targets/load-serving-targets";

export interface RunErrorReason {
  error: string;
  runs: number;
  /** One run's full detail for this reason (endpoint, model, each attempt); admins only, else absent. */
  detail?: string;
}

export async function loadRunErrors(db: Db, campaignId: string, reader: Actor): Promise<RunErrorReason[]> {
  const groups = await db.caseRun.groupBy({
    by: ["error"],
    where: { campaignId, status: "ERROR" },
    _count: { _all: true },
    orderBy: { _count: { error: "desc" } },
  });
  const showDetail = mayReadServingTargetConfig(reader);
  return Promise.all(
    groups.map(async (group) => {
      const reason: RunErrorReason = { error: group.error ?? "no reason recorded", runs: group._count._all };
      if (!showDetail) return reason;
      const example = await db.caseRun.findFirst({
        where: { campaignId, status: "ERROR", error: group.error, errorDetail: { not: null } },
        select: { errorDetail: true },
      });
      return example?.errorDetail ? { ...reason, detail: example.errorDetail } : reason;
    }),
  );
}
