// The few mdast nodes the card's markdown is built from. A string given to these is a text node,
// which remark escapes when it stringifies; only `raw` passes markdown through, for text already
// written as card markdown (card-text.ts).
import type { BlockContent, Html, ListItem, PhrasingContent, RootContent, Table, TableCell } from "mdast";
import { BIDI_CONTROLS } from "../domain/bidi-controls";

export function text(value: string): PhrasingContent {
  return { type: "text", value };
}

export function strong(value: string): PhrasingContent {
  return { type: "strong", children: [text(value)] };
}

/** A value holding a bidirectional control is plain text: a code span cannot write it as a reference, so it would apply. */
export function code(value: string): PhrasingContent {
  return Array.from(value).some((char) => BIDI_CONTROLS.includes(char)) ? text(value) : { type: "inlineCode", value };
}

export function heading(depth: 1 | 2 | 3, value: string): RootContent {
  return { type: "heading", depth, children: [text(value)] };
}

export function paragraph(children: PhrasingContent[]): BlockContent {
  return { type: "paragraph", children };
}

/** Text already written as card markdown (card-text.ts), or a line of HTML the exporter writes: stringified as it is. */
export function raw(value: string): Html {
  return { type: "html", value };
}

export function list(items: PhrasingContent[][], ordered = false): RootContent {
  const children: ListItem[] = items.map((content) => ({ type: "listItem", spread: false, children: [paragraph(content)] }));
  return { type: "list", ordered, start: ordered ? 1 : undefined, spread: false, children };
}

export function table(header: (string | Html)[], rows: (string | Html)[][]): Table {
  const content = (value: string | Html): PhrasingContent[] => (typeof value !== "string" ? (value.value ? [value] : []) : value ? [text(value)] : []);
  const row = (cells: (string | Html)[]) => ({
    type: "tableRow" as const,
    children: cells.map((value): TableCell => ({ type: "tableCell", children: content(value) })),
  });
  return { type: "table", align: header.map(() => null), children: [row(header), ...rows.map(row)] };
}
