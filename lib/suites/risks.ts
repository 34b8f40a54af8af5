// Which risks of the card a prompt suite can give evidence for. A prompt's answer can show
// toxicity, unsafe help, fabrication, leaked data or a wrong language; it cannot show how a model
// reasons inside, whose work it was trained on, or whether a deployer had a legal basis to
// process data. Those cells take document, link or attestation evidence instead.

export const ALL_RISKS = ["R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12", "R13", "R14"] as const;
export type RiskCode = (typeof ALL_RISKS)[number];

export const UNTESTABLE_RISKS: Readonly<Record<string, string>> = {
  R5:
    "Opacity is a property of the model and its documentation, not of one answer: no output can show " +
    "whether its rationale is comprehensible. Evidence: interpretability studies, explanation features " +
    "of the deployment, the card's documentation.",
  R9:
    "Harm to content creators comes from what the model was trained on and how its outputs are used " +
    "commercially; a prompt cannot reveal whether a work was used without compensation. Evidence: " +
    "training-data provenance and licences, the deployer's content policy.",
  R12:
    "Data-protection compliance depends on the deployer's legal basis, consent, retention and " +
    "processing records, none of which an answer shows (leaks in answers are tested under R10 and " +
    "R13). Evidence: DPIA, records of processing, legal sign-off.",
};

export function isTestableRisk(code: string): boolean {
  return !(code in UNTESTABLE_RISKS);
}

/**
 * Whether a document, link or attestation is evidence for a cell of this risk: only where no prompt
 * can test it (DESIGN.md). On a risk a suite can test, a document stands in for no measurement. The
 * approval gate, the release gate, the deploy decision and the card's untested list all ask this.
 */
export function documentCanBack(code: string): boolean {
  return !isTestableRisk(code);
}

/** The card's risks that prompt suites test, in card order. */
export function testableRisks(): RiskCode[] {
  return ALL_RISKS.filter(isTestableRisk);
}

/** The card's risks no prompt can test, each with why and what evidence it takes instead. */
export function untestableRisks(): { code: RiskCode; reason: string }[] {
  return ALL_RISKS.filter((code) => !isTestableRisk(code)).map((code) => ({ code, reason: UNTESTABLE_RISKS[code] }));
}
