// A campaign's case run as a source of overrides (the rule: lib/evidence/verdict-override.ts). The
// detectors' verdict stays stored beside the override, and until a second person confirms it the
// cell shows the detectors' verdict with "override pending". Only a finished run has a verdict to
// override, and only a campaign that has completed has evidence to recount: still counted while a retry
// of its failed runs runs, or after that retry is cancelled (current-evidence.ts).
import { defineOverrideCommands, unchangedOverride } from "../../evidence/verdict-override";
import { recountOverriddenRun } from "../../evidence/campaign-aggregate";

const caseRunOverrides = defineOverrideCommands({
  name: "case-run",
  idField: "caseRunId",
  entityType: "CaseRun",
  noun: "case run",
  doing: { propose: "overriding a verdict", confirm: "confirming an override" },
  async read(tx, caseRunId) {
    const run = await tx.caseRun.findUnique({
      where: { id: caseRunId },
      select: {
        status: true,
        verdict: true,
        overrideVerdict: true,
        overrideReason: true,
        overrideById: true,
        overrideConfirmedAt: true,
        campaign: { select: { _count: { select: { evidence: true } } } },
      },
    });
    if (!run) return null;
    const { status, campaign, ...row } = run;
    return {
      ...row,
      notFinished: status === "DONE" ? undefined : "only a finished run's verdict can be overridden",
      hasEvidence: campaign._count.evidence > 0,
    };
  },
  async write(tx, caseRunId, read, columns) {
    return (await tx.caseRun.updateMany({ where: unchangedOverride(caseRunId, read), data: columns })).count === 1;
  },
  recount: recountOverriddenRun,
});

export const overrideVerdict = caseRunOverrides.propose;
export const confirmOverride = caseRunOverrides.confirm;
