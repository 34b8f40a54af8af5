// Imports a model card's markdown into the card as data. The markdown is parsed with remark and
// read from its syntax tree, section by section; anything the importer cannot place is an error
// that names the section and the line, so a reviewer can fix the source, and nothing half-read
// ever reaches the database.
//
// Free text (titles, purposes, mitigations, rationales, prose) is read as the source wrote it, inline
// markdown included, and decoded as card-text.ts documents: `<br>` is a newline, `&#N;` a
// character, a backslash before either makes it literal. So a card exported by the app reads back
// character for character, and links, emphasis and code spans of a hand-written card are kept.
// What cannot be kept (raw HTML, which the export shows as text; blocks other than paragraphs in
// prose; a list item's further paragraphs) is listed in the warnings.
import type { List, ListItem, Nodes, Paragraph, Root, RootContent, Table, TableRow } from "mdast";
import YAML from "yaml";
import type { z } from "zod";
import { yamlNestedTooDeep } from "../content/yaml-nesting";
import { firstNotPlainValue } from "../content/yaml-plain";
import { fieldPath, withLfLineEnds } from "../content/yaml-content";
import {
  fromLabel,
  harmAreaLabel,
  mitigationStatusLabel,
  reviewStatusLabel,
  riskTypeLabel,
  subjectAtRiskLabel,
  type MitigationStatus,
} from "../domain/vocabulary";
import {
  CELL_DETAILS_HEADER,
  CELL_NAME,
  COUNTS_SENTENCE,
  MITIGATION_REF,
  MODEL_DETAIL,
  REQUIRED_SECTIONS,
  RISK_FIELD,
  SECTION,
  SUMMARY_HEADER,
  USE_FIELD,
} from "./card-layout";
import { decodeCardText, inlineHtml, parseMarkdown, readBoldLead, readInline, readLabelled, sourceOf } from "./card-text";
import { type CellMark, parseCellMark } from "./cell-mark";
import { CardFormatError } from "./card-format-error";
import { withoutWrittenResults } from "./hub-eval-results";
import { cardCounts, countMismatches } from "./counts";
import { checkSourceLimits } from "./source-limits";
import { type Card, type CardCell, type CardRisk, type CardUse, cardSchema, cellSchema, riskSchema, useSchema } from "./schema";

export { CardFormatError };

export interface ParsedCard {
  card: Card;
  warnings: string[];
}

interface Section {
  title: string;
  line: number;
  nodes: RootContent[];
}

/** The markdown being read: free text is read from its source, not from the syntax tree's flattened text. */
let md = "";

export function parseCardMarkdown(markdown: string, slug: string): ParsedCard {
  checkSourceLimits(markdown);
  // Markdown ends a line at CR, LF or CRLF, and so must the front matter's YAML reader.
  md = withLfLineEnds(markdown);
  const tree = parseMarkdown(md);
  const warnings: string[] = [];
  const { name, frontMatter, sections } = splitSections(tree, warnings);

  const required = (title: (typeof REQUIRED_SECTIONS)[number]) => {
    const found = sections.get(title);
    if (found) return found;
    const next = REQUIRED_SECTIONS.slice(REQUIRED_SECTIONS.indexOf(title) + 1)
      .map((later) => sections.get(later))
      .find(Boolean);
    const where = next ? `expected before "## ${next.title}"` : "expected before the end of the card";
    throw new CardFormatError(title, next?.line ?? tree.position?.end.line ?? 1, `the section is missing (${where})`);
  };

  const { description, storageChanges } = readDescription(required(SECTION.description), warnings);
  const details = readModelDetails(required(SECTION.details), warnings);
  const trainingData = readProse(required(SECTION.training), warnings);
  const intendedUses = readProse(required(SECTION.intendedUses), warnings);
  const uses = readUses(required(SECTION.uses), warnings);
  const risks = readRisks(required(SECTION.risks), warnings);
  const summary = readSummary(required(SECTION.summary), uses, risks, warnings);
  const cellDetails = sections.get(SECTION.cellDetails);
  if (cellDetails) readCellDetails(cellDetails, risks, summary.cells);

  const cells = risks.flatMap((risk) => uses.map((use) => summary.cells.get(cellKey(risk.code, use.code))!));
  const candidate: Card = {
    model: { slug, name, description, storageChanges, ...details, trainingData, intendedUses, frontMatter },
    uses,
    risks,
    cells,
    claimedCounts: summary.claimedCounts,
  };
  if (summary.claimedCounts) warnings.push(...countMismatches(summary.claimedCounts, cardCounts(candidate)));
  return { card: validated(cardSchema, candidate, "card", 1), warnings };
}

function splitSections(tree: Root, warnings: string[]) {
  let name: string | undefined;
  let frontMatter: Record<string, unknown> = {};
  const sections = new Map<string, Section>();
  let current: Section | undefined;
  for (const node of tree.children) {
    if (node.type === "yaml") {
      // The model-index results an export wrote come from campaign evidence, never from a card source.
      frontMatter = withoutWrittenResults(readFrontMatter(node.value, lineOf(node)));
      warnings.push(...licenceWarnings(frontMatter));
    } else if (node.type === "heading" && node.depth === 1 && name === undefined) {
      name = readInline(md, node);
      notKept(node, "the title", warnings);
    } else if (node.type === "heading" && node.depth === 2) {
      const title = textOf(node).trim();
      const known = Object.values(SECTION).find((section) => section.toLowerCase() === title.toLowerCase());
      if (known && sections.has(known)) throw new CardFormatError(known, lineOf(node), "the section appears twice");
      current = { title: known ?? title, line: lineOf(node), nodes: [] };
      if (known) sections.set(known, current);
      else warnings.push(`section "${title}" (line ${lineOf(node)}) is not part of a card and was not read`);
    } else if (current) {
      current.nodes.push(node);
    }
  }
  if (!name) throw new CardFormatError("title", 1, 'the card has no "# Model name" heading');
  return { name, frontMatter, sections };
}

function readFrontMatter(value: string, line: number): Record<string, unknown> {
  const tooDeep = yamlNestedTooDeep(value);
  // The YAML starts one line below the opening "---" fence.
  if (tooDeep) throw new CardFormatError("front matter", line + tooDeep.line, tooDeep.problem);
  const document = YAML.parseDocument(value);
  const error = document.errors[0];
  if (error) throw new CardFormatError("front matter", line + (error.linePos?.[0].line ?? 0), error.message.split("\n")[0]);
  let data: unknown;
  try {
    data = document.toJS();
  } catch (error) {
    // The document is valid YAML whose value cannot be built: aliases that multiply past the
    // reader's limit (an alias bomb) stop it with an exception rather than an entry in `errors`.
    throw new CardFormatError("front matter", line, `the YAML cannot be read: ${(error as Error).message.split("\n")[0]}`);
  }
  const notPlain = firstNotPlainValue(document);
  if (notPlain) {
    const field = fieldPath(notPlain.field);
    const lineInYaml = value.slice(0, notPlain.offset).split("\n").length;
    throw new CardFormatError("front matter", line + lineInYaml, `${field ? `${field}: ` : ""}${notPlain.problem}`);
  }
  if (data == null) return {};
  if (typeof data !== "object" || Array.isArray(data)) throw new CardFormatError("front matter", line, "the front matter must be a YAML mapping");
  return data as Record<string, unknown>;
}

/** The Hub shows `license: other` as the word "other": only a link gives a reader the terms. */
function licenceWarnings(frontMatter: Record<string, unknown>): string[] {
  const link = frontMatter.license_link;
  if (frontMatter.license !== "other" || (typeof link === "string" && link.trim())) return [];
  return [
    'front matter: "license: other" has no "license_link", so the Hub shows the licence as "other" with nothing to read: add license_name and license_link',
  ];
}

function readDescription(section: Section, warnings: string[]) {
  const paragraphs: string[] = [];
  const storageChanges: { title: string; text: string }[] = [];
  for (const node of section.nodes) {
    if (node.type === "paragraph") {
      paragraphs.push(readInline(md, node));
      notKept(node, `"${section.title}"`, warnings);
    }
    if (node.type !== "list") continue;
    for (const item of node.children) {
      const [first] = item.children;
      const read = first?.type === "paragraph" ? readBoldLead(md, first) : null;
      if (first?.type !== "paragraph" || !read) {
        throw new CardFormatError(section.title, lineOf(item), "a storage change starts with its title in bold");
      }
      notKept(first, `"${section.title}"`, warnings);
      furtherBlocks(item, section, warnings);
      storageChanges.push(read);
    }
  }
  return { description: paragraphs.join("\n\n"), storageChanges };
}

function readModelDetails(section: Section, warnings: string[]) {
  const found = readFields(section, firstList(section), MODEL_DETAIL, warnings);
  const value = (key: keyof typeof MODEL_DETAIL) => {
    if (found[key] === undefined) warnings.push(`"${section.title}" has no "${MODEL_DETAIL[key]}" (line ${section.line})`);
    return found[key]?.value ?? "";
  };
  return {
    developer: value("developer"),
    modelType: value("modelType"),
    // Each language is decoded after splitting, so a comma written `&#44;` stays inside its language.
    languages: (found.languages?.source ?? "")
      .split(/,[ \t]*/)
      .map(decodeCardText)
      .filter(Boolean),
    library: value("library"),
    license: value("license"),
    contact: value("contact"),
  };
}

function readProse(section: Section, warnings: string[]): string {
  const paragraphs: string[] = [];
  for (const node of section.nodes) {
    if (node.type === "paragraph") {
      paragraphs.push(readInline(md, node));
      notKept(node, `"${section.title}"`, warnings);
    } else if (node.type !== "html" || !/^<!--[\s\S]*-->$/.test(node.value.trim())) {
      warnings.push(`"${section.title}": a ${node.type === "html" ? "block of HTML" : node.type} at line ${lineOf(node)} was not read`);
    }
  }
  return paragraphs.join("\n\n");
}

function readUses(section: Section, warnings: string[]): CardUse[] {
  const uses: CardUse[] = [];
  for (const entry of subsections(section, /^U\d+$/, "a use heading looks like ### U1")) {
    if (uses.some((use) => use.code === entry.code)) throw new CardFormatError(section.title, entry.line, `use ${entry.code} appears twice`);
    const list = entry.nodes.find((node): node is List => node.type === "list");
    if (!list) throw new CardFormatError(section.title, entry.line, `use ${entry.code} has no list of Purpose, Capability, AI User, AI Subject, Domain`);
    const found = readFields(section, list, USE_FIELD, warnings, ["purpose"]);
    const missing = (Object.keys(USE_FIELD) as (keyof typeof USE_FIELD)[]).filter((key) => found[key] === undefined);
    if (missing.length) {
      throw new CardFormatError(section.title, entry.line, `use ${entry.code} has no ${missing.map((key) => USE_FIELD[key]).join(", ")}`);
    }
    const use = {
      code: entry.code,
      purpose: found.purpose!.value,
      capability: found.capability!.value,
      aiUser: found.aiUser!.value,
      aiSubject: found.aiSubject!.value,
      domain: found.domain!.value,
    };
    uses.push(validated(useSchema, use, section.title, entry.line));
  }
  if (!uses.length) throw new CardFormatError(section.title, section.line, "the section lists no use");
  return uses;
}

function readRisks(section: Section, warnings: string[]): CardRisk[] {
  const risks: CardRisk[] = [];
  for (const entry of subsections(section, /^R\d+$/, "a risk heading looks like ### R1")) {
    if (risks.some((risk) => risk.code === entry.code)) throw new CardFormatError(section.title, entry.line, `risk ${entry.code} appears twice`);
    const title = entry.nodes.find((node): node is Paragraph => node.type === "paragraph");
    const fieldList = entry.nodes.find((node): node is List => node.type === "list" && !node.ordered);
    const mitigationList = entry.nodes.find((node): node is List => node.type === "list" && Boolean(node.ordered));
    if (!title || !fieldList)
      throw new CardFormatError(section.title, entry.line, `risk ${entry.code} needs its title in bold and a list with Risk type and Harm area`);
    const fields = readFields(section, fieldList, RISK_FIELD, warnings);
    const riskType = fields.riskType && fromLabel(riskTypeLabel, fields.riskType.value);
    if (!riskType)
      throw new CardFormatError(
        section.title,
        fields.riskType?.line ?? lineOf(fieldList),
        `risk ${entry.code}: the risk type must be one of ${Object.values(riskTypeLabel).join(", ")}`,
      );
    const harmArea = fields.harmArea && fromLabel(harmAreaLabel, fields.harmArea.value);
    if (!harmArea)
      throw new CardFormatError(
        section.title,
        fields.harmArea?.line ?? lineOf(fieldList),
        `risk ${entry.code}: the harm area must be one of ${Object.values(harmAreaLabel).join(", ")}`,
      );

    const mitigations: string[] = [];
    for (const item of mitigationList?.children ?? []) {
      const [first] = item.children;
      const text = first?.type === "paragraph" ? readInline(md, first) : "";
      if (!text) throw new CardFormatError(section.title, lineOf(item), `risk ${entry.code} has an empty mitigation`);
      notKept(first, `risk ${entry.code}`, warnings);
      furtherBlocks(item, section, warnings);
      if (mitigations.includes(text)) throw new CardFormatError(section.title, lineOf(item), `risk ${entry.code} lists "${text}" twice`);
      mitigations.push(text);
    }
    notKept(title, `risk ${entry.code}`, warnings);
    risks.push(validated(riskSchema, { code: entry.code, title: readTitle(title), riskType, harmArea, mitigations }, section.title, entry.line));
  }
  if (!risks.length) throw new CardFormatError(section.title, section.line, "the section lists no risk");
  return risks;
}

function readSummary(section: Section, uses: CardUse[], risks: CardRisk[], warnings: string[]) {
  let claimedCounts: Card["claimedCounts"] = null;
  for (const node of section.nodes) {
    const claim = node.type === "paragraph" ? COUNTS_SENTENCE.exec(textOf(node)) : null;
    if (claim) claimedCounts = { risks: Number(claim[1]), mitigations: Number(claim[2]), uses: Number(claim[3]) };
  }
  if (!claimedCounts) warnings.push(`"${section.title}" has no "We identified N potential model risks ..." sentence`);

  const table = section.nodes.find((node): node is Table => node.type === "table");
  if (!table) throw new CardFormatError(section.title, section.line, "the section has no risk x use table");
  const [header, ...rows] = table.children;
  const headerTexts = header.children.slice(0, 2).map((cell) => textOf(cell).trim());
  if (headerTexts[0] !== SUMMARY_HEADER.code || headerTexts[1] !== SUMMARY_HEADER.title) {
    throw new CardFormatError(section.title, lineOf(header), `the table must start with the columns "${SUMMARY_HEADER.code}" and "${SUMMARY_HEADER.title}"`);
  }
  const columns = header.children.slice(2).map((cell) => {
    const match = /^([\s\S]*?)[ \t]*\((U\d+)\)$/.exec(sourceOf(md, cell.children));
    if (!match) throw new CardFormatError(section.title, lineOf(cell), `the column "${textOf(cell)}" must end with its use code, like "(U1)"`);
    const use = uses.find((candidate) => candidate.code === match[2]);
    if (!use) throw new CardFormatError(section.title, lineOf(cell), `the column ${match[2]} is not in "${SECTION.uses}"`);
    const purpose = decodeCardText(match[1]);
    if (purpose !== use.purpose) warnings.push(`the table calls ${use.code} ${JSON.stringify(purpose)} but its details say ${JSON.stringify(use.purpose)}`);
    return { code: use.code, line: lineOf(cell) };
  });
  for (const [index, column] of columns.entries()) {
    if (columns.findIndex((other) => other.code === column.code) !== index)
      throw new CardFormatError(section.title, column.line, `use ${column.code} has two columns`);
  }
  for (const use of uses) {
    if (!columns.some((column) => column.code === use.code))
      throw new CardFormatError(section.title, lineOf(header), `use ${use.code} has no column in the table`);
  }

  const cells = new Map<string, CardCell>();
  const seenRows = new Set<string>();
  for (const row of rows) {
    const code = row.children[0] ? textOf(row.children[0]).trim() : "";
    const titleCell = row.children[1] ? readInline(md, row.children[1]) : undefined;
    const risk = risks.find((candidate) => candidate.code === code);
    if (!risk) throw new CardFormatError(section.title, lineOf(row), `unknown risk "${code}": it is not in "${SECTION.risks}"`);
    if (seenRows.has(code)) throw new CardFormatError(section.title, lineOf(row), `risk ${code} has two rows`);
    seenRows.add(code);
    if (titleCell !== risk.title)
      warnings.push(`the table calls ${code} ${JSON.stringify(titleCell ?? "")} but "${SECTION.risks}" says ${JSON.stringify(risk.title)}`);
    columns.forEach((column, index) => {
      cells.set(cellKey(code, column.code), readMark(section, row, index + 2, code, column.code));
    });
  }
  for (const risk of risks) {
    if (!seenRows.has(risk.code)) throw new CardFormatError(section.title, lineOf(table), `risk ${risk.code} has no row in the table`);
  }
  return { claimedCounts, cells };
}

function readMark(section: Section, row: TableRow, index: number, risk: string, use: string): CardCell {
  const cell = row.children[index];
  if (!cell) throw new CardFormatError(section.title, lineOf(row), `${risk} has no mark for ${use}`);
  const read = parseCellMark(textOf(cell));
  if ("error" in read) throw new CardFormatError(section.title, lineOf(cell), `${risk} x ${use}: ${read.error}`);
  return defaultCell(risk, use, read.mark);
}

function defaultCell(risk: string, use: string, mark: CellMark): CardCell {
  return { risk, use, ...mark, subjectAtRisk: null, rationale: "", reviewStatus: "DRAFT", mitigationStatus: {} };
}

function readCellDetails(section: Section, risks: CardRisk[], cells: Map<string, CardCell>) {
  const table = section.nodes.find((node): node is Table => node.type === "table");
  if (!table) return;
  const [header, ...rows] = table.children;
  const headerTexts = header.children.map((cell) => textOf(cell).trim());
  if (headerTexts.join("|") !== CELL_DETAILS_HEADER.join("|")) {
    throw new CardFormatError(section.title, lineOf(header), `the table's columns must be ${CELL_DETAILS_HEADER.join(", ")}`);
  }
  const seen = new Set<string>();
  const riskByCode = new Map(risks.map((risk) => [risk.code, risk]));
  for (const row of rows) {
    const [name, subject, review, mitigation] = CELL_DETAILS_HEADER.map((_, index) => (row.children[index] ? textOf(row.children[index]).trim() : ""));
    const rationale = row.children[4] ? readInline(md, row.children[4]) : "";
    const at = lineOf(row);
    const match = CELL_NAME.exec(name);
    if (!match) throw new CardFormatError(section.title, at, `cannot read the cell "${name}": it looks like R1 × U1`);
    const key = cellKey(match[1].toUpperCase(), match[2].toUpperCase());
    const cell = cells.get(key);
    if (!cell) throw new CardFormatError(section.title, at, `the cell ${name} is not in the summary table`);
    if (seen.has(key)) throw new CardFormatError(section.title, at, `the cell ${name} has two rows`);
    seen.add(key);

    const subjectAtRisk = subject === "" || subject === "—" ? null : fromLabel(subjectAtRiskLabel, subject);
    if (subjectAtRisk === undefined)
      throw new CardFormatError(section.title, at, `${name}: the subject at risk must be one of ${Object.values(subjectAtRiskLabel).join(", ")}`);
    const reviewStatus = fromLabel(reviewStatusLabel, review);
    if (!reviewStatus) throw new CardFormatError(section.title, at, `${name}: the review status must be one of ${Object.values(reviewStatusLabel).join(", ")}`);
    const risk = riskByCode.get(cell.risk)!;
    const mitigationStatus = readMitigationStatus(mitigation, risk, (detail) => new CardFormatError(section.title, at, `${name}: ${detail}`));
    cells.set(key, validated(cellSchema, { ...cell, subjectAtRisk, reviewStatus, mitigationStatus, rationale }, section.title, at));
  }
}

function readMitigationStatus(text: string, risk: CardRisk, fail: (detail: string) => Error): Record<string, MitigationStatus> {
  const statuses: Record<string, MitigationStatus> = {};
  for (const part of text
    .split(";")
    .map((piece) => piece.trim())
    .filter(Boolean)) {
    const match = MITIGATION_REF.exec(part);
    const mitigation = match ? risk.mitigations[Number(match[1]) - 1] : undefined;
    if (!match || !mitigation) throw fail(`"${part}" must name one of ${risk.code}'s mitigations M1..M${risk.mitigations.length} and a status`);
    const status = fromLabel(mitigationStatusLabel, match[2]);
    if (!status) throw fail(`"${match[2]}" is not a mitigation status (${Object.values(mitigationStatusLabel).join(", ")})`);
    statuses[mitigation] = status;
  }
  return statuses;
}

/** Splits a section at its "###" headings, each of which must be a code like R1 or U1. */
function subsections(section: Section, code: RegExp, hint: string) {
  const entries: { code: string; line: number; nodes: RootContent[] }[] = [];
  for (const node of section.nodes) {
    if (node.type === "heading" && node.depth === 3) {
      const text = textOf(node).trim();
      if (!code.test(text)) throw new CardFormatError(section.title, lineOf(node), `cannot read "${text}": ${hint}`);
      entries.push({ code: text, line: lineOf(node), nodes: [] });
    } else if (entries.length) {
      entries[entries.length - 1].nodes.push(node);
    }
  }
  return entries;
}

function firstList(section: Section): List {
  const list = section.nodes.find((node): node is List => node.type === "list");
  if (!list) throw new CardFormatError(section.title, section.line, "the section has no list");
  return list;
}

/** Reads "Label: value" list items into the keys whose labels they carry; a value written all in bold is unwrapped. */
function readFields<K extends string>(section: Section, list: List, labels: Record<K, string>, warnings: string[], bold: NoInfer<K>[] = []) {
  const found: Partial<Record<K, { value: string; source: string; line: number }>> = {};
  for (const item of list.children) {
    const [first] = item.children;
    const read = first?.type === "paragraph" ? readLabelled(md, first) : null;
    const key = read ? fromLabel(labels, read.label) : undefined;
    if (read && key) {
      const value = bold.includes(key) ? readLabelled(md, first as Paragraph, true)!.value : read.value;
      found[key] = { value, source: read.source, line: lineOf(item) };
      notKept(first, `"${section.title}"`, warnings);
      furtherBlocks(item, section, warnings);
    } else warnings.push(`"${section.title}": the line "${textOf(item).trim()}" (line ${lineOf(item)}) was not read`);
  }
  return found;
}

/** A risk's title: the inside of its bold paragraph, or the paragraph as written when it is not all bold. */
function readTitle(paragraph: Paragraph): string {
  const lead = paragraph.children.length === 1 ? readBoldLead(md, paragraph) : null;
  return lead && lead.text === "" ? lead.title : readInline(md, paragraph);
}

/** Raw HTML in card text is exported as text, so the import names it. */
function notKept(node: Nodes, where: string, warnings: string[]) {
  for (const html of inlineHtml(node))
    warnings.push(`${where}: the HTML ${JSON.stringify(html)} at line ${lineOf(node)} is kept as text: the export shows it as written, not as HTML`);
}

/** A list item's blocks after its first paragraph are not part of any field. */
function furtherBlocks(item: ListItem, section: Section, warnings: string[]) {
  for (const extra of item.children.slice(1)) warnings.push(`"${section.title}": a ${extra.type} at line ${lineOf(extra)} inside a list item was not read`);
}

function validated<T>(schema: z.ZodType<T>, value: unknown, section: string, line: number): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new CardFormatError(section, line, `${issue.path.join(".") || "value"}: ${issue.message}`);
}

/** The text a reader sees: escapes resolved, emphasis dropped, hard breaks kept. */
function textOf(node: Nodes | ListItem): string {
  if (node.type === "break") return "\n";
  if ("value" in node && node.type !== "yaml") return node.value;
  if ("children" in node) return (node.children as Nodes[]).map(textOf).join(node.type === "listItem" || node.type === "list" ? "\n" : "");
  return "";
}

function lineOf(node: { position?: { start: { line: number } } }): number {
  return node.position?.start.line ?? 0;
}

function cellKey(risk: string, use: string): string {
  return `${risk}:${use}`;
}
