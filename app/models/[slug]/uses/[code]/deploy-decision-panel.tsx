// The use's deploy decision: what the rules compute now and why, the newest signed decision with
// its conditions and expiry, flagged when it no longer holds, and, for approvers, the form to sign.
import Link from "next/link";
import type { UseDeployDecision } from "@/lib/deploy-decisions/load-deploy-decisions";
import { decisionStateLabel } from "@/lib/deploy-decisions/decision-state";
import { deployOutcomeLabel, type DeployOutcome } from "@/lib/deploy-decisions/outcomes";
import { SMOKE_TEST_MODEL } from "@/lib/matrix/evidence-status";
import { SignDecisionForm } from "./sign-decision-form";

export function OutcomeTag({ outcome }: { outcome: DeployOutcome }) {
  return <span className={`tag outcome-${outcome}`}>{deployOutcomeLabel[outcome]}</span>;
}

interface Props {
  slug: string;
  decision: UseDeployDecision;
  ruleSet: { file: string; name: string };
  basis: string;
  maySign: boolean;
}

export function DeployDecisionPanel({ slug, decision, ruleSet, basis, maySign }: Props) {
  const { computed, signed, standing } = decision;
  return (
    <section className="panel" id="deploy-decision" aria-labelledby="deploy-decision-heading">
      <h2 id="deploy-decision-heading">Deploy decision</h2>
      <p data-testid="computed-outcome">
        The rules compute: <OutcomeTag outcome={computed.outcome} />{" "}
        <span className="small muted">
          ({ruleSet.name}, <code>{ruleSet.file}</code>; <Link href="/how-riskledger-decides#deploy-decisions">how it decides</Link>)
        </span>
      </p>
      {computed.smokeTestCells.length > 0 && (
        <p className="field-error" data-testid="decision-smoke-test">
          This outcome rests on {SMOKE_TEST_MODEL} evidence for {computed.smokeTestCells.join(", ")}: the generated tiny test model answered, not this model, so
          it says nothing about deploying it.
        </p>
      )}
      {computed.otherModelCells.length > 0 && (
        <p className="field-error" data-testid="decision-other-model">
          This outcome rests on evidence imported from files that say they tested another model, for {computed.otherModelCells.join(", ")}: it says something
          about deploying this model only if that model is this one under another name.
        </p>
      )}
      {computed.findings.length > 0 && (
        <details open={computed.findings.length <= 8}>
          <summary>
            Why: {computed.findings.length} finding{computed.findings.length === 1 ? "" : "s"}
          </summary>
          <ul aria-label="Findings of the rules">
            {computed.findings.map((finding, index) => (
              <li key={index}>
                <OutcomeTag outcome={finding.outcome} /> {finding.says}
              </li>
            ))}
          </ul>
        </details>
      )}

      <h3>Signed decision</h3>
      {signed && standing ? (
        <div data-testid="signed-decision">
          <p>
            <OutcomeTag outcome={signed.outcome} /> signed by {signed.signedBy ?? "an automation"} on {signed.signedAt.toISOString().slice(0, 10)}, expires on{" "}
            {signed.expiresAt.toISOString().slice(0, 10)}:{" "}
            <span className={`tag decision-${standing.state}`} data-testid="decision-state">
              {decisionStateLabel[standing.state]}
            </span>
          </p>
          {standing.reasons.length > 0 && (
            <ul aria-label="Why the decision no longer holds" className="field-error">
              {standing.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )}
          {signed.conditions.length > 0 && (
            <>
              <p className="small">Deployment is signed under these conditions:</p>
              <ol aria-label="Conditions of the signed decision">
                {signed.conditions.map((condition) => (
                  <li key={condition}>{condition}</li>
                ))}
              </ol>
            </>
          )}
          {signed.note && <p className="small">Note: {signed.note}</p>}
        </div>
      ) : (
        <p className="muted">Nobody has signed a deploy decision for this use yet.</p>
      )}
      {maySign && (
        <SignDecisionForm slug={slug} useCode={decision.use.code} computed={computed.outcome} computedConditions={computed.conditions} basis={basis} />
      )}
    </section>
  );
}
