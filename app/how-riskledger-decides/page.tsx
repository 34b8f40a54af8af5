// "How Riskledger decides": every rule behind a cell's level, verdict and approval, in words, each
// taken from the constant the code applies, so the page cannot drift from what the app does.
import type { Metadata } from "next";
import { APPROVAL_RULE } from "@/lib/cells/approval-gate";
import { CURRENT_EVIDENCE_RULE } from "@/lib/evidence/current-evidence";
import { STALE_REASONS, staleReasonLabel } from "@/lib/evidence/stale-reasons";
import { THRESHOLD_RULE } from "@/lib/evidence/wilson";
import { LEVEL_BANDS, LIKELIHOOD_SCALE, SEVERITY_SCALE, levelLabel } from "@/lib/domain/level";
import { EVIDENCE_STATUSES, evidenceStatusLabel, evidenceStatusMeaning, SMOKE_TEST_MODEL } from "@/lib/matrix/evidence-status";
import { DECISION_STALE_RULE } from "@/lib/deploy-decisions/decision-state";
import { deployOutcomeLabel } from "@/lib/deploy-decisions/outcomes";
import { loadRuleSet } from "@/lib/deploy-decisions/rule-set";
import { ACCEPTANCE_EXPIRY_RULE } from "@/lib/cells/expire-acceptances";

export const metadata: Metadata = { title: "How Riskledger decides" };
// The deploy rules are read from content/ on each request, so an edited rule set shows at once.
export const dynamic = "force-dynamic";

const steps = [1, 2, 3, 4, 5] as const;

export default function HowRiskledgerDecidesPage() {
  return (
    <main id="main">
      <h1>How Riskledger decides</h1>
      <p className="page-intro">The rules behind every cell of the matrix: its level, the word on its evidence badge, and when it may be approved.</p>

      <section className="panel" aria-labelledby="level-heading">
        <h2 id="level-heading">A cell&apos;s level</h2>
        <p>
          Reviewers judge likelihood and severity from 1 to 5 for the use; their product is the score, and the score falls in a band. The meanings below are the
          defaults: a model&apos;s admin may word them for that model in its settings, and the cell editor shows that wording. The bands do not change with the
          wording.
        </p>
        <div className="grid-2">
          <table className="data" aria-label="Likelihood">
            <thead>
              <tr>
                <th scope="col">Likelihood</th>
                <th scope="col">Means</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((step) => (
                <tr key={step}>
                  <th scope="row">{step}</th>
                  <td>{LIKELIHOOD_SCALE[step]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="data" aria-label="Severity">
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Means</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((step) => (
                <tr key={step}>
                  <th scope="row">{step}</th>
                  <td>{SEVERITY_SCALE[step]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <table className="data" aria-label="Level bands">
          <thead>
            <tr>
              <th scope="col">Level</th>
              <th scope="col">Score (likelihood × severity)</th>
            </tr>
          </thead>
          <tbody>
            {LEVEL_BANDS.map((band, index) => (
              <tr key={band.level}>
                <th scope="row">{levelLabel[band.level]}</th>
                <td>{index === 0 ? `${band.minScore} to 25` : `${band.minScore} to ${LEVEL_BANDS[index - 1].minScore - 1}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="panel" aria-labelledby="verdict-heading">
        <h2 id="verdict-heading">The word on the evidence badge</h2>
        <p>{THRESHOLD_RULE}</p>
        <dl>
          {EVIDENCE_STATUSES.map((status) => (
            <div key={status}>
              <dt>{evidenceStatusLabel[status]}</dt>
              <dd>{evidenceStatusMeaning[status]}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="panel" aria-labelledby="approval-heading">
        <h2 id="approval-heading">Approvals and acceptances</h2>
        <p>{APPROVAL_RULE}</p>
        <p>{ACCEPTANCE_EXPIRY_RULE}</p>
      </section>

      <DeployRules />

      <section className="panel" aria-labelledby="current-heading">
        <h2 id="current-heading">Which evidence counts</h2>
        <p>{CURRENT_EVIDENCE_RULE}</p>
        <p>Evidence is stale when {STALE_REASONS.map((reason) => staleReasonLabel[reason]).join(", or ")}.</p>
        <p>
          A campaign given a number of cases per suite measures a sample of each suite: the risks asked for take turns, each taking its next case in a fixed
          shuffled order, so that each gets its share, and every seed draws the same cases (two campaigns then compare case by case). A cell&apos;s n counts the
          cases of it its campaign ran, and the campaign&apos;s page names any cell asked for that none of its cases tests; <code>campaign run</code> then exits
          5 where nothing failed, since a gate must not pass what was never asked. Campaigns created before 7 December 2026 ran the first cases of each suite by
          key.
        </p>
        <p>
          Evidence marked &ldquo;{SMOKE_TEST_MODEL}&rdquo; comes from the generated tiny test model, on the embedded engine or behind <code>engine serve</code>{" "}
          (whose <code>/v1/models</code> says so): its outputs are noise, and it says nothing about the model&apos;s risks. None of its outputs goes to the
          labelling queue, and no label or confirmed override of one measures a detector or a judge. A release lists each applicable cell whose current evidence
          it is as a gap, published only if an approver accepts it.
        </p>
        <p>
          Evidence imported from another tool&apos;s file counts for the model it is imported into. Where the file names the model it tested and the name is not
          this model&apos;s (garak&apos;s &ldquo;test&rdquo; generator, another vendor&apos;s model), the evidence says so wherever it is named, in the app and
          in the card, and a release lists each applicable cell whose current evidence it is as a gap, published only if an approver accepts it. A deploy
          decision computed from such evidence, or from the smoke-test model&apos;s, says which cells it rests on, on the use page, in the approvers&apos; queue
          and in the card.
        </p>
      </section>
    </main>
  );
}

function DeployRules() {
  const ruleSet = loadRuleSet();
  return (
    <section className="panel" aria-labelledby="deploy-decisions">
      <h2 id="deploy-decisions">Deploy decisions</h2>
      <p>
        Each use gets &ldquo;deploy&rdquo;, &ldquo;deploy with conditions&rdquo; or &ldquo;do not deploy&rdquo; from the rule set &ldquo;{ruleSet.rules.name}
        &rdquo; (<code>{ruleSet.file}</code>; {ruleSet.rules.source}). Every rule looks at every cell of the use; the strictest match decides, and the words of
        each &ldquo;with conditions&rdquo; match become a condition. An approver signs the decision with those conditions, their own, and an expiry date; the
        signed outcome is never laxer than the computed one.
      </p>
      <table className="data" aria-label="Deploy rules">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">A cell matches when</th>
            <th scope="col">Outcome</th>
            <th scope="col">Says</th>
          </tr>
        </thead>
        <tbody>
          {ruleSet.rules.rules.map((rule) => (
            <tr key={rule.id}>
              <td>{rule.id}</td>
              <td className="small">
                {Object.entries(rule.when)
                  .map(([field, value]) => `${field}: ${[value].flat().join(", ")}`)
                  .join("; ")}
              </td>
              <td>{deployOutcomeLabel[rule.outcome]}</td>
              <td className="small">{rule.says}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{DECISION_STALE_RULE}</p>
    </section>
  );
}
