// Which campaigns send to a serving target, read from their stored settings: a worker that finds
// the target down records the outage on each of them (runner/serving-outage.ts).
import type { Db } from "../../db/types";
import { storedJudges, storedServingTarget } from "./campaign-row";

/** The queued or running campaigns, but `except`, with no outage recorded, whose model or a counted judge is served by `target`. */
export async function campaignsSendingTo(db: Db, target: string, { except }: { except: string }): Promise<string[]> {
  const candidates = await db.campaign.findMany({
    where: { id: { not: except }, status: { in: ["QUEUED", "RUNNING"] }, outageSince: null },
    select: { id: true, backendConfig: true, judge: true, judgeRevision: true },
  });
  const sendsTo = (campaign: (typeof candidates)[number]) =>
    storedServingTarget(campaign.backendConfig) === target ||
    storedJudges(campaign).some((judge) => judge.kind === "openai" && judge.mode === "counted" && judge.target === target);
  return candidates.filter(sendsTo).map((campaign) => campaign.id);
}
