// The queue's two kinds of entry: a table of cells, each with the evidence an approver approves it
// on (the smoke-test model's tagged by the badge), and the signed deploy decisions that no longer
// hold, each saying when its computed outcome rests on smoke-test evidence.
import Link from "next/link";
import { CellEvidenceBadge } from "@/app/_components/cell-evidence-badge";
import { DataTable } from "@/app/_components/data-table";
import { decisionStateLabel } from "@/lib/deploy-decisions/decision-state";
import { deployOutcomeLabel } from "@/lib/deploy-decisions/outcomes";
import { cellKeyLabel, cellKeySlug } from "@/lib/domain/cell-key";
import { reviewStatusLabel } from "@/lib/domain/vocabulary";
import { SMOKE_TEST_MODEL } from "@/lib/matrix/evidence-status";
import type { QueueCell, QueueDecision } from "@/lib/review-queue/load-queue";
import { ShownText } from "@/app/_components/shown-text";

export function QueueTable({ cells, empty, label }: { cells: QueueCell[]; empty: string; label: string }) {
  if (cells.length === 0) return <p className="muted">{empty}</p>;
  return (
    <DataTable
      label={label}
      columns={["Cell", "Model", "Status", "Evidence", "Owner", "Due"]}
      rows={cells}
      rowKey={(cell) => cell.cellId}
      cells={(cell) => (
        <>
          <td>
            <Link href={`/models/${cell.modelSlug}/matrix?cell=${cellKeySlug(cell.risk, cell.use)}`}>{cellKeyLabel(cell.risk, cell.use)}</Link>{" "}
            <span className="small muted">
              <ShownText text={cell.riskTitle} />
            </span>
          </td>
          <td>
            <ShownText text={cell.modelName} />
          </td>
          <td>{reviewStatusLabel[cell.reviewStatus]}</td>
          <td>
            <CellEvidenceBadge evidence={cell.evidence} />
          </td>
          <td>{cell.ownerName ? <ShownText text={cell.ownerName} /> : "—"}</td>
          <td>
            {cell.dueDate ? cell.dueDate.toISOString().slice(0, 10) : "—"}
            {cell.overdue && <span className="tag"> overdue</span>}
          </td>
        </>
      )}
    />
  );
}

export function DecisionsToSign({ decisions }: { decisions: QueueDecision[] }) {
  return (
    <>
      <h2>Deploy decisions to sign again</h2>
      {decisions.length === 0 ? (
        <p className="muted">Every signed deploy decision still holds.</p>
      ) : (
        <ul aria-label="Deploy decisions to sign again">
          {decisions.map((decision) => (
            <li key={`${decision.modelSlug}/${decision.use}`}>
              <Link href={`/models/${decision.modelSlug}/uses/${decision.use}#deploy-decision`}>
                {decision.use} <ShownText text={decision.purpose} />
              </Link>{" "}
              of <ShownText text={decision.modelName} />: signed &ldquo;{deployOutcomeLabel[decision.signedOutcome]}&rdquo;, now{" "}
              <span className="tag">{decisionStateLabel[decision.state]}</span> ({decision.reasons.join("; ")})
              {decision.smokeTestCells.length > 0 && (
                <>
                  {" "}
                  <span className="tag">
                    rests on {SMOKE_TEST_MODEL} evidence for {decision.smokeTestCells.join(", ")}
                  </span>
                </>
              )}
              {decision.otherModelCells.length > 0 && (
                <>
                  {" "}
                  <span className="tag">
                    rests on evidence imported from files that say they tested another model for {decision.otherModelCells.join(", ")}
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
