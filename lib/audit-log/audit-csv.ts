// The audit log as CSV (RFC 4180). Every field is quoted; a field that a spreadsheet would read
// as a formula (starting with = + - @, or a tab or carriage return) gets a leading apostrophe, so
// opening the export never runs what someone typed into a rationale.
import type { AuditLogEntry } from "./load-audit-log";

const HEADER = ["when", "who", "action", "entity", "change"];

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function auditCsv(entries: AuditLogEntry[]): string {
  const rows = entries.map((entry) => [
    entry.at,
    entry.actor,
    entry.action,
    entry.entity,
    [entry.summary, ...entry.changes.map((c) => `${c.field}: ${c.before} -> ${c.after}`)].filter(Boolean).join("; "),
  ]);
  return [HEADER, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}
