import { existsSync, readFileSync, writeFileSync } from "node:fs";

const NOTES_HEADING = "### Notes";

/**
 * Writes one "## ..." section of BENCHMARKS.md (its heading is the section's first line): it
 * replaces the old section up to the next "## " heading, or is added at the end, and leaves the
 * other sections as they are. A "### Notes" block at the end of the old section is kept, because
 * those notes are written by hand and say what a rerun's table cannot.
 */
export function writeBenchmarksSection(file: string, section: string): void {
  const heading = section.slice(0, section.indexOf("\n")).trimEnd();
  const existing = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const start = findHeadingLine(existing, heading);
  if (start === -1) {
    writeFileSync(file, `${existing.trimEnd()}\n\n${section.trimEnd()}\n`);
    return;
  }
  const nextAt = existing.slice(start + 1).search(/^## /m);
  const end = nextAt === -1 ? existing.length : start + 1 + nextAt;
  const old = existing.slice(start, end);
  const notesAt = old.indexOf(`\n${NOTES_HEADING}\n`);
  const notes = notesAt === -1 ? "" : `\n${old.slice(notesAt + 1).trimEnd()}\n`;
  const after = existing.slice(end);
  writeFileSync(file, `${existing.slice(0, start)}${section.trimEnd()}\n${notes}${after ? `\n${after}` : ""}`);
}

function findHeadingLine(text: string, heading: string): number {
  let at = text.indexOf(heading);
  while (at !== -1) {
    const lineStart = at === 0 || text[at - 1] === "\n";
    const lineEnd = text.slice(at + heading.length).match(/^[ \t]*(\n|$)/);
    if (lineStart && lineEnd) return at;
    at = text.indexOf(heading, at + 1);
  }
  return -1;
}
