// A cell edit's AuditEvent in the editor's words: each field's before -> after, with owner and
// mitigation ids resolved to the names people recognise.
import type { Db } from "../db/types";
import {
  appliesLabel,
  mitigationStatusLabel,
  reviewStatusLabel,
  subjectAtRiskLabel,
  type Applies,
  type ReviewStatus,
  type SubjectAtRisk,
} from "../domain/vocabulary";

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const fieldLabel: Record<string, string> = {
  applies: "applies",
  subjectAtRisk: "subject at risk",
  likelihood: "likelihood",
  severity: "severity",
  rationale: "rationale",
  reviewStatus: "review status",
  ownerId: "owner",
  dueDate: "due date",
  acceptedUntil: "accepted until",
  acceptanceJustification: "acceptance justification",
  failureThreshold: "failure threshold",
  minSampleSize: "minimum sample size",
};

export function describeCellChanges(before: Record<string, unknown>, after: Record<string, unknown>, names: Map<string, string>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const key of Object.keys(after)) {
    if (key === "version") continue;
    if (key === "mitigationStatus") {
      const was = jsonObject(before[key]);
      const now = jsonObject(after[key]);
      for (const id of Object.keys(now)) {
        if (was[id] === now[id]) continue;
        changes.push({
          field: `mitigation "${names.get(id) ?? id}"`,
          before: label(mitigationStatusLabel, was[id]),
          after: label(mitigationStatusLabel, now[id]),
        });
      }
      continue;
    }
    changes.push({ field: fieldLabel[key] ?? key, before: show(key, before[key], names), after: show(key, after[key], names) });
  }
  return changes;
}

function show(key: string, value: unknown, names: Map<string, string>): string {
  if (value === null || value === undefined || value === "") return "—";
  switch (key) {
    case "applies":
      return label(appliesLabel as Record<Applies, string>, value);
    case "subjectAtRisk":
      return label(subjectAtRiskLabel as Record<SubjectAtRisk, string>, value);
    case "reviewStatus":
      return label(reviewStatusLabel as Record<ReviewStatus, string>, value);
    case "ownerId":
      return names.get(String(value)) ?? String(value);
    case "dueDate":
    case "acceptedUntil":
      return String(value).slice(0, 10);
    default:
      return typeof value === "string" ? value : JSON.stringify(value);
  }
}

function label<T extends string>(labels: Record<T, string>, value: unknown): string {
  if (value === null || value === undefined) return "—";
  return labels[value as T] ?? String(value);
}

/** Owner ids and mitigation ids in the events, resolved to names people recognise. */
export async function namesForIds(db: Db, snapshots: unknown[]): Promise<Map<string, string>> {
  const userIds = new Set<string>();
  const mitigationIds = new Set<string>();
  for (const snapshot of snapshots.map(jsonObject)) {
    if (typeof snapshot.ownerId === "string") userIds.add(snapshot.ownerId);
    for (const id of Object.keys(jsonObject(snapshot.mitigationStatus))) mitigationIds.add(id);
  }
  const [users, mitigations] = await Promise.all([
    db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, name: true } }),
    db.mitigation.findMany({ where: { id: { in: [...mitigationIds] } }, select: { id: true, text: true } }),
  ]);
  return new Map([...users.map((u) => [u.id, u.name] as const), ...mitigations.map((m) => [m.id, m.text] as const)]);
}

export function jsonObject(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
