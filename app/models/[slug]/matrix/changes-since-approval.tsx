// An approval vouches for what the cell said when it was given (lib/cells/approval-gate.ts): once a
// judgement field changes the cell is back in review, and this shows, field by field, what was
// approved and what the cell says now, so the next approver sees exactly what they are asked to vouch for.
import { isApprovalStatus } from "@/lib/cells/cell-permissions";
import type { CellView } from "@/lib/matrix/cell-view";
import type { EditedRisk } from "@/lib/matrix/cell-editing";
import { formatTime } from "@/app/_components/format-time";
import { differingFields, formFromCell } from "./cell-form";
import { FieldComparison } from "./field-comparison";
import { ShownText } from "@/app/_components/shown-text";

export function ChangesSinceApproval({ cell, personName, risk }: { cell: CellView; personName: (id: string) => string; risk: EditedRisk }) {
  if (!cell.approval || isApprovalStatus(cell.reviewStatus)) return null;
  const now = formFromCell(cell);
  const approved = formFromCell({ ...cell, ...cell.approval.judgement });
  const fields = differingFields(approved, now).filter((field) => field !== "reviewStatus");
  if (fields.length === 0) return null;
  return (
    <section className="notice notice-conflict" aria-label="Changed since approval">
      <h3>Changed since it was approved</h3>
      <p className="small">
        Approved
        {cell.approval.byId && (
          <>
            {" "}
            by{" "}
            <strong>
              <ShownText text={personName(cell.approval.byId)} />
            </strong>
          </>
        )}
        {cell.approval.at && <> on {formatTime(cell.approval.at)}</>}; these changes sent it back to review.
      </p>
      <FieldComparison
        fields={fields}
        columns={[
          { heading: "When approved", form: approved },
          { heading: "Now", form: now },
        ]}
        personName={personName}
        risk={risk}
        label="Changes since approval"
      />
    </section>
  );
}
