// Bounds on a card's markdown source, checked in one linear pass before remark reads it. A card is
// uploaded and read on a web request, and remark's reader (micromark) is superlinear, or recursive
// to a stack overflow, in what an attacker controls cheaply: blockquotes or lists nested thousands
// deep (900,000 ">" on one line held a process for minutes), thousands of small lists (4,000 took
// seconds), and runs of emphasis or link brackets within one paragraph. Each limit is far above
// any real model card (the Stable Beluga 2 card: nesting 2, 114 list items, 121 markers, 14 KB)
// and keeps a card inside it to about a second of reading. Bounding nesting and markers also bounds
// the syntax tree's depth, so the importer's recursive walks of it cannot overflow the stack.
import { CardFormatError } from "./card-format-error";

export const SOURCE_LIMITS = {
  /** Levels of blockquote and list containers on one line. */
  nesting: 50,
  /** Lines that open a list item or a blockquote: each list costs remark time in proportion to the whole card. */
  containerLines: 1_000,
  /** Emphasis and link markers in one paragraph (one table row): remark pairs them in quadratic time. */
  markersPerParagraph: 1_000,
  markers: 20_000,
  /**
   * Lines, and the characters that begin inline syntax remark reads one at a time (an escape, a code
   * span, a character reference, an autolink or HTML, a strikethrough): within the size limit they
   * took remark seconds, linearly (a 250 KB paragraph of 85,000 one-letter lines 8 s, 240,000
   * backslashes 2.7 s, 120,000 backticks 5.6 s, at a load of 10 on two cores).
   */
  lines: 10_000,
  inlineSyntax: 20_000,
  kilobytes: 256,
};

const LIST_MARKER = /^(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t]|$)/;

export function checkSourceLimits(markdown: string): void {
  const fail = (line: number, detail: string) => new CardFormatError("markdown", line, detail);
  const lines = markdown.split(/\r\n|\r|\n/);
  let containerLines = 0;
  let markers = 0;
  let inlineSyntax = 0;
  /** The paragraph (or table row) being counted; null after a blank line. */
  let block: { line: number; markers: number; table: boolean } | null = null;
  for (const [index, line] of lines.entries()) {
    const at = index + 1;
    inlineSyntax += inlineSyntaxIn(line);
    if (inlineSyntax > SOURCE_LIMITS.inlineSyntax) {
      throw fail(at, `more than ${SOURCE_LIMITS.inlineSyntax} backslashes, backticks, "&", "<" and "~" in the card (a model card has a few hundred)`);
    }
    const prefix = containerPrefix(line);
    if (prefix.depth > SOURCE_LIMITS.nesting) {
      throw fail(at, `blockquote or list nesting deeper than ${SOURCE_LIMITS.nesting} levels (a level is a ">", a list marker or two columns of indentation)`);
    }
    if (prefix.opens && ++containerLines > SOURCE_LIMITS.containerLines) {
      throw fail(at, `more than ${SOURCE_LIMITS.containerLines} list items and quoted lines (a model card has a few hundred)`);
    }
    if (!line.slice(prefix.end).trim()) {
      block = null;
      continue;
    }
    // A table's inline markdown is read cell by cell, so each of its rows counts alone.
    if (!block) block = { line: at, markers: 0, table: isTableDelimiterRow(lines[index + 1] ?? "") };
    else if (block.table) block = { line: at, markers: 0, table: true };
    const count = markersIn(line);
    block.markers += count;
    markers += count;
    if (block.markers > SOURCE_LIMITS.markersPerParagraph) {
      throw fail(block.line, `a paragraph with more than ${SOURCE_LIMITS.markersPerParagraph} emphasis, link and image markers ("*", "_", "[", "]")`);
    }
    if (markers > SOURCE_LIMITS.markers) throw fail(at, `more than ${SOURCE_LIMITS.markers} emphasis, link and image markers in the card`);
  }
  const kilobytes = Math.ceil(Buffer.byteLength(markdown) / 1024);
  if (kilobytes > SOURCE_LIMITS.kilobytes) throw fail(1, `the card is ${kilobytes} KB: a model card is at most ${SOURCE_LIMITS.kilobytes} KB`);
  if (lines.length > SOURCE_LIMITS.lines) throw fail(SOURCE_LIMITS.lines + 1, `more than ${SOURCE_LIMITS.lines} lines (a model card has a few hundred)`);
}

const DELIMITER_CELL = /^:?-+:?$/;

/**
 * Whether the line is a table's delimiter row ("| :-- | --: |"), cell by cell. As one regular
 * expression, its runs of optional spaces side by side made a line of 200,000 spaces take 40 s.
 */
function isTableDelimiterRow(line: string): boolean {
  let row = line.replace(/^[ \t>]*/, "").trimEnd();
  if (row.startsWith("|")) row = row.slice(1);
  if (row.endsWith("|")) row = row.slice(0, -1);
  return row.split("|").every((cell) => DELIMITER_CELL.test(cell.trim()));
}

/**
 * How deep a line's containers may nest, counted from its start: each ">" and list marker is a
 * level, and so are two columns of indentation (the least a nested list item is indented). The
 * space after a marker separates it from its content and is not counted. Stops past the limit.
 */
function containerPrefix(line: string): { depth: number; opens: boolean; end: number } {
  let levels = 0;
  let columns = 0;
  let opens = false;
  let index = 0;
  while (index < line.length && levels + Math.floor(columns / 2) <= SOURCE_LIMITS.nesting) {
    const char = line[index];
    if (char === " ") columns++;
    else if (char === "\t") columns += 4 - (columns % 4);
    else {
      const marker = char === ">" ? ">" : LIST_MARKER.exec(line.slice(index, index + 11))?.[0];
      if (!marker) break;
      levels++;
      opens = true;
      index += marker.length;
      if (line[index] === " " || line[index] === "\t") index++;
      continue;
    }
    index++;
  }
  return { depth: levels + Math.floor(columns / 2), opens, end: index };
}

function markersIn(line: string): number {
  let count = 0;
  for (let index = 0; index < line.length; index++) {
    const char = line.charCodeAt(index);
    // * _ [ ]
    if (char === 42 || char === 95 || char === 91 || char === 93) count++;
  }
  return count;
}

function inlineSyntaxIn(line: string): number {
  let count = 0;
  for (let index = 0; index < line.length; index++) {
    const char = line.charCodeAt(index);
    // \ ` & < ~
    if (char === 92 || char === 96 || char === 38 || char === 60 || char === 126) count++;
  }
  return count;
}
