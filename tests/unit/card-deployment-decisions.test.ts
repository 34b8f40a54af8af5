// The card's deploy decisions as its markdown and CycloneDX BOM write them, from the decisions a
// release freezes (lib/card/deployment-decisions.ts).
import { describe, expect, it } from "vitest";
import { type CardDecisions, deploymentDecisionProperties, deploymentDecisionsSection } from "@/lib/card/deployment-decisions";
import { renderBlocks } from "@/lib/card/render-markdown";

const signed = { signedBy: "Ada Approver", signedOn: "2026-12-01", expiresOn: "2027-01-01", state: "CURRENT" as const, reasons: [] };

/** U1 signed "do not deploy" with a note and no conditions; U2 signed "deploy" with neither; U3 with conditions and a note. */
const decisions: CardDecisions = {
  ruleSet: { file: "content/deploy-rules/default.yaml", hash: "677b85e1228c1c050d21cf6df11925e2de7f94287b99e14d15a6735e389f8c6e", name: "Default rules" },
  uses: [
    {
      use: "U1",
      computed: "DO_NOT_DEPLOY",
      smokeTestCells: [],
      otherModelCells: [],
      signed: { ...signed, outcome: "DO_NOT_DEPLOY", conditions: [], note: "Blocked until legal signs off." },
    },
    { use: "U2", computed: "DEPLOY", smokeTestCells: [], otherModelCells: [], signed: { ...signed, outcome: "DEPLOY", conditions: [], note: "" } },
    {
      use: "U3",
      computed: "DEPLOY_WITH_CONDITIONS",
      smokeTestCells: [],
      otherModelCells: [],
      signed: { ...signed, outcome: "DEPLOY_WITH_CONDITIONS", conditions: ["Only with a teacher present"], note: "Pilot term." },
    },
  ],
};

describe("a signed deploy decision in the card", () => {
  it("keeps its note in the markdown whether or not it has conditions, under its use", () => {
    const markdown = renderBlocks(deploymentDecisionsSection(decisions, "Stable Beluga 2"));
    expect(markdown).toContain("### U1 note\n\n**Note:** Blocked until legal signs off.");
    expect(markdown).toContain("### U3 conditions\n\n1. Only with a teacher present\n\n**Note:** Pilot term.");
    expect(markdown).not.toMatch(/### U2/);
  });

  it("gives its note to the CycloneDX BOM beside its conditions", () => {
    const properties = deploymentDecisionProperties(decisions);
    expect(properties.filter((property) => property.name.endsWith(":note"))).toEqual([
      { name: "riskledger:deploy:U1:note", value: "Blocked until legal signs off." },
      { name: "riskledger:deploy:U3:note", value: "Pilot term." },
    ]);
  });
});
