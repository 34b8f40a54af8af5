// The audit log as CSV (RFC 4180). Every field is quoted; a field that a spreadsheet would read
// as a formula (starting with = + - @, their full-width forms ＝ ＋ － ＠ which spreadsheets also
// accept, or a tab or carriage return) gets a leading apostrophe, so opening the export never runs
// what someone typed into a rationale.
import type { AuditLogEntry } from "./load-audit-log";

/** "change" is the readable account in full; "before" and "after" the recorded values as JSON, never cut. */
const HEADER = ["when", "who", "action", "entity", "change", "before", "after"];

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function auditCsv(entries: AuditLogEntry[]): string {
  const rows = entries.map((entry) => [
    entry.at,
    entry.actor,
    entry.action,
    entry.entity,
    [entry.summary, ...entry.changes.map((c) => `${c.field}: ${c.before} -> ${c.after}`)].filter(Boolean).join("; "),
    entry.before ?? "",
    entry.after ?? "",
  ]);
  return `${[HEADER, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}
