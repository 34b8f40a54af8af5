// A model's deploy decisions in the card's shape (lib/card/deployment-decisions.ts): dates as
// days, the signer by name, the standing as it is now.
import type { CardDecisions } from "../card/deployment-decisions";
import type { ModelDeployDecisions } from "./load-deploy-decisions";

const day = (date: Date) => date.toISOString().slice(0, 10);

export function cardDecisionsOf(decisions: ModelDeployDecisions): CardDecisions {
  return {
    ruleSet: { file: decisions.ruleSet.file, hash: decisions.ruleSet.hash, name: decisions.ruleSet.name },
    uses: decisions.uses.map(({ use, computed, signed, standing }) => ({
      use: use.code,
      computed: computed.outcome,
      smokeTestCells: computed.smokeTestCells,
      otherModelCells: computed.otherModelCells,
      signed:
        signed && standing
          ? {
              outcome: signed.outcome,
              signedBy: signed.signedBy,
              signedOn: day(signed.signedAt),
              expiresOn: day(signed.expiresAt),
              conditions: signed.conditions,
              note: signed.note,
              state: standing.state,
              reasons: standing.reasons,
            }
          : null,
    })),
  };
}
