// The editor's form state: strings as the inputs hold them, turned into the changes the cell
// edit schema accepts. Only fields that differ from the version the editor started from are sent,
// so a save never overwrites a field the reviewer did not touch.
import type { CellChanges } from "@/lib/cells/cell-edit-schema";
import type { Applies, MitigationStatus, ReviewStatus, SubjectAtRisk } from "@/lib/domain/vocabulary";

export interface CellForm {
  applies: Applies;
  subjectAtRisk: SubjectAtRisk | "";
  likelihood: string;
  severity: string;
  rationale: string;
  reviewStatus: ReviewStatus;
  ownerId: string;
  dueDate: string;
  acceptedUntil: string;
  acceptanceJustification: string;
  /** The threshold as a percentage, as reviewers think of it ("10" for 10%). */
  failureThreshold: string;
  minSampleSize: string;
  mitigationStatus: Record<string, MitigationStatus>;
}

/** The stored fields the editor shows; a CellView or the CellSnapshot a save or conflict returns. */
export interface EditableCell {
  version: number;
  applies: Applies;
  subjectAtRisk: SubjectAtRisk | null;
  likelihood: number | null;
  severity: number | null;
  rationale: string;
  reviewStatus: ReviewStatus;
  ownerId: string | null;
  dueDate: Date | string | null;
  acceptedUntil?: Date | string | null;
  acceptanceJustification?: string | null;
  failureThreshold: number;
  minSampleSize: number;
  mitigationStatus: Record<string, MitigationStatus>;
}

export function formFromCell(cell: EditableCell): CellForm {
  return {
    applies: cell.applies,
    subjectAtRisk: cell.subjectAtRisk ?? "",
    likelihood: cell.likelihood?.toString() ?? "",
    severity: cell.severity?.toString() ?? "",
    rationale: cell.rationale,
    reviewStatus: cell.reviewStatus,
    ownerId: cell.ownerId ?? "",
    dueDate: dayOf(cell.dueDate),
    acceptedUntil: dayOf(cell.acceptedUntil ?? null),
    acceptanceJustification: cell.acceptanceJustification ?? "",
    // Rounded so 0.07 shows as "7", not "7.000000000000001".
    failureThreshold: String(Math.round(cell.failureThreshold * 100_000) / 1000),
    minSampleSize: String(cell.minSampleSize),
    mitigationStatus: { ...cell.mitigationStatus },
  };
}

/** The fields of `form` that differ from `base`, as cell changes. */
export function changesFrom(form: CellForm, base: CellForm): CellChanges {
  const changes: Record<string, unknown> = {};
  const set = <K extends keyof CellForm>(key: K, value: unknown) => {
    if (form[key] !== base[key]) changes[key] = value;
  };
  set("applies", form.applies);
  set("subjectAtRisk", form.subjectAtRisk || null);
  set("likelihood", toNumber(form.likelihood));
  set("severity", toNumber(form.severity));
  set("rationale", form.rationale);
  set("reviewStatus", form.reviewStatus);
  set("ownerId", form.ownerId || null);
  set("dueDate", form.dueDate || null);
  set("acceptedUntil", form.acceptedUntil || null);
  set("acceptanceJustification", form.acceptanceJustification || null);
  set("failureThreshold", form.failureThreshold.trim() === "" ? null : Number(form.failureThreshold) / 100);
  set("minSampleSize", toNumber(form.minSampleSize));
  const mitigationStatus = Object.fromEntries(Object.entries(form.mitigationStatus).filter(([id, status]) => base.mitigationStatus[id] !== status));
  if (Object.keys(mitigationStatus).length > 0) changes.mitigationStatus = mitigationStatus;
  return changes as CellChanges;
}

/**
 * `form` less each mitigation whose status the server refused: one retired or merged while the
 * editor was open is no longer the risk's, so with it left out of the form and of the version the
 * editor started from, the next save keeps the reviewer's other changes.
 */
export function withoutRefusedMitigations(form: CellForm, issues: { path: string }[]): CellForm {
  const refused = new Set(issues.map((issue) => issue.path.match(/^(?:changes\.)?mitigationStatus\.(.+)$/)?.[1]));
  return { ...form, mitigationStatus: Object.fromEntries(Object.entries(form.mitigationStatus).filter(([id]) => !refused.has(id))) };
}

/** The names of the fields whose values differ between two forms. */
export function differingFields(a: CellForm, b: CellForm): (keyof CellForm)[] {
  return (Object.keys(a) as (keyof CellForm)[]).filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}

// Blank stays blank; anything else goes to the server as typed, so "7" or "2.5" gets the
// schema's message for that field instead of being dropped here.
function toNumber(value: string): number | null {
  return value.trim() === "" ? null : Number(value);
}

function dayOf(value: Date | string | null): string {
  if (!value) return "";
  return (typeof value === "string" ? value : value.toISOString()).slice(0, 10);
}
