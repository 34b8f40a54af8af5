// Two or more versions of a cell's fields side by side, each field in the words the editor uses:
// the conflict view (theirs against yours) and the changes since an approval (approved against now).
import { appliesLabel, mitigationStatusLabel, reviewStatusLabel, subjectAtRiskLabel } from "@/lib/domain/vocabulary";
import type { EditedRisk } from "@/lib/matrix/cell-editing";
import type { CellForm } from "./cell-form";
import { ShownText } from "@/app/_components/shown-text";

/** The one table of the cell's field labels, for every view that names a field. */
export const cellFieldLabel: Record<keyof CellForm, string> = {
  applies: "Applies",
  subjectAtRisk: "Subject at risk",
  likelihood: "Likelihood",
  severity: "Severity",
  rationale: "Rationale",
  reviewStatus: "Review status",
  ownerId: "Owner",
  dueDate: "Due date",
  acceptedUntil: "Accepted until",
  acceptanceJustification: "Justification",
  failureThreshold: "Failure threshold (%)",
  minSampleSize: "Minimum sample",
  mitigationStatus: "Mitigations",
};

interface Column {
  heading: string;
  form: CellForm;
  /** Fields this version leaves as they were, shown as `keptText` instead of a value. */
  kept?: (keyof CellForm)[];
  keptText?: string;
}

interface Props {
  fields: (keyof CellForm)[];
  columns: Column[];
  personName: (id: string) => string;
  risk: EditedRisk;
  label?: string;
}

export function FieldComparison({ fields, columns, personName, risk, label }: Props) {
  if (fields.length === 0) return null;
  return (
    <table className="diff" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Field</th>
          {columns.map((column) => (
            <th key={column.heading} scope="col">
              {column.heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => (
          <tr key={field}>
            <th scope="row">{cellFieldLabel[field]}</th>
            {columns.map((column) => (
              <td key={column.heading}>
                {column.kept?.includes(field) ? (
                  <span className="muted">{column.keptText}</span>
                ) : (
                  <ShownText text={showValue(field, column.form, personName, risk)} />
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function showValue(field: keyof CellForm, form: CellForm, personName: (id: string) => string, risk: EditedRisk): string {
  switch (field) {
    case "applies":
      return appliesLabel[form.applies];
    case "subjectAtRisk":
      return form.subjectAtRisk ? subjectAtRiskLabel[form.subjectAtRisk] : "—";
    case "reviewStatus":
      return reviewStatusLabel[form.reviewStatus];
    case "ownerId":
      return form.ownerId ? personName(form.ownerId) : "—";
    case "mitigationStatus":
      return risk.mitigations.map((m) => `${m.text}: ${mitigationStatusLabel[form.mitigationStatus[m.id] ?? "NOT_STARTED"]}`).join("; ");
    default:
      return form[field] || "—";
  }
}
