// Exports the card as Hugging Face model-card markdown. The card is built as an mdast tree and
// stringified by remark, so every user-written text is a text node that remark escapes: a pipe
// or HTML in a rationale cannot break a table or inject markup. The importer reads the result
// back into the same card.
import { randomUUID } from "node:crypto";
import type { Html, List, ListItem, PhrasingContent, Root, RootContent, Table, TableRow } from "mdast";
import { remark } from "remark";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import type { Settings } from "unified";
import { harmAreaLabel, mitigationStatusLabel, reviewStatusLabel, riskTypeLabel, subjectAtRiskLabel } from "../domain/vocabulary";
import { CELL_DETAILS_HEADER, cellName, countsSentence, MARK_LEGEND, MODEL_DETAIL, RISK_FIELD, SECTION, SUMMARY_HEADER, USE_FIELD } from "./card-layout";
import { BIDI_CONTROLS } from "../domain/bidi-controls";
import { placed, plainText } from "./card-text";
import { newPace, type Pace, WORK_BETWEEN_TURNS } from "./pace";
import { pacedFrontMatterYaml } from "./front-matter";
import { formatCellMark } from "./cell-mark";
import { cardCounts } from "./counts";
import type { CardEvidence } from "./evidence";
import { type EvalResultsSource, frontMatterWithResults } from "./hub-eval-results";
import { heading, list, paragraph, raw, strong, table, text } from "./mdast-builders";
import { evidenceSection } from "./render-evidence";
import { type CardDecisions, deploymentDecisionsSection } from "./deployment-decisions";
import { type CardInheritance, inheritanceSection } from "./card-inheritance";
import { acceptedRisksSection, type CardAcceptedRisk } from "./accepted-risks";
import { type CardSelfApprovals, selfApprovalsSection } from "./self-approvals";
import type { Card, CardCell, CardRisk } from "./schema";

const settings: Settings = {
  bullet: "-",
  listItemIndent: "one",
  emphasis: "_",
  strong: "*",
  rule: "-",
  // A text node's bidirectional control is written as a character reference, as card-text.ts writes a field's.
  unsafe: Array.from(BIDI_CONTROLS, (character) => ({ character })),
};

const processor = remark().use(remarkGfm).use(remarkFrontmatter, ["yaml"]).data("settings", settings);

/**
 * `source` names the release the card is published in: the Hub shows it beside each result in the
 * front matter's model-index. `decisions`: the uses' deploy decisions, when there are any to show.
 * `inheritance`: a fine-tune's base, with the risks and evidence it inherits from it.
 * `acceptedRisks`: the cells accepted rather than approved on their evidence, with the acceptances' terms.
 * `selfApprovals`: separation of duties and the cells approved by the person who last changed their judgement, stated
 * where the rule is off or there is such a cell.
 * A large card is seconds of writing: other requests get turns on the way (pace.ts).
 */
export async function renderCardMarkdown(
  card: Card,
  evidence?: CardEvidence,
  source?: EvalResultsSource,
  decisions?: CardDecisions,
  inheritance?: CardInheritance,
  acceptedRisks?: CardAcceptedRisk[],
  selfApprovals?: CardSelfApprovals,
): Promise<string> {
  const { model } = card;
  const pace = newPace();
  const children: RootContent[] = [];
  const frontMatter = await frontMatterWithResults(card, evidence, source, pace);
  if (Object.keys(frontMatter).length) children.push({ type: "yaml", value: await pacedFrontMatterYaml(frontMatter, pace) });
  children.push({ type: "heading", depth: 1, children: [raw(placed.heading(model.name))] });

  children.push(heading(2, SECTION.description), ...(await paragraphs(model.description, pace)));
  if (model.storageChanges.length) {
    const changes: PhrasingContent[][] = [];
    for (const change of model.storageChanges) {
      changes.push([raw(placed.boldLead(change.title, change.text))]);
      await pace.wrote(change.title, change.text);
    }
    children.push(list(changes));
  }

  const details: Record<keyof typeof MODEL_DETAIL, string> = {
    ...model,
    languages: model.languages.map((language) => placed.listed(language)).join(", "),
  };
  children.push(
    heading(2, SECTION.details),
    list(
      (Object.keys(MODEL_DETAIL) as (keyof typeof MODEL_DETAIL)[]).map((key) => [
        strong(MODEL_DETAIL[key]),
        raw(`: ${key === "languages" ? details[key] : placed.labelled(MODEL_DETAIL[key], details[key], false, true)}`),
      ]),
    ),
  );
  children.push(heading(2, SECTION.training), ...(await paragraphs(model.trainingData, pace)));
  children.push(heading(2, SECTION.intendedUses), ...(await paragraphs(model.intendedUses, pace)));

  const counts = cardCounts(card);
  const cellOf = cellsByName(card);
  const useHeaders: Html[] = [];
  for (const use of card.uses) {
    useHeaders.push(raw(`${placed.cell(use.purpose, ` (${use.code})`)} (${use.code})`));
    await pace.wrote(use.purpose);
  }
  const summaryRows: (string | Html)[][] = [];
  for (const risk of card.risks) {
    summaryRows.push([risk.code, raw(placed.cell(risk.title)), ...card.uses.map((use) => formatCellMark(cellOf(risk.code, use.code)))]);
    await pace.wrote(risk.title);
  }
  children.push(
    heading(2, SECTION.summary),
    paragraph([text(countsSentence(counts.risks, counts.mitigations, counts.uses))]),
    paragraph([text(MARK_LEGEND)]),
    table([SUMMARY_HEADER.code, SUMMARY_HEADER.title, ...useHeaders], summaryRows),
  );

  children.push(heading(2, SECTION.uses));
  for (const use of card.uses) {
    children.push(
      heading(3, use.code),
      list([
        [raw(`${USE_FIELD.purpose}: **${placed.labelled(USE_FIELD.purpose, use.purpose, true)}**`)],
        [raw(`${USE_FIELD.capability}: ${placed.labelled(USE_FIELD.capability, use.capability)}`)],
        [raw(`${USE_FIELD.aiUser}: ${placed.labelled(USE_FIELD.aiUser, use.aiUser)}`)],
        [raw(`${USE_FIELD.aiSubject}: ${placed.labelled(USE_FIELD.aiSubject, use.aiSubject)}`)],
        [raw(`${USE_FIELD.domain}: ${placed.labelled(USE_FIELD.domain, use.domain)}`)],
      ]),
    );
    await pace.wrote(use.purpose, use.capability, use.aiUser, use.aiSubject, use.domain);
  }

  children.push(heading(2, SECTION.risks));
  for (const risk of card.risks) {
    children.push(
      heading(3, risk.code),
      paragraph([raw(`**${placed.boldTitle(risk.title)}**`)]),
      list([[text(`${RISK_FIELD.riskType}: ${riskTypeLabel[risk.riskType]}`)], [text(`${RISK_FIELD.harmArea}: ${harmAreaLabel[risk.harmArea]}`)]]),
    );
    await pace.wrote(risk.title);
    if (risk.mitigations.length) {
      const mitigations: PhrasingContent[][] = [];
      for (const mitigation of risk.mitigations) {
        mitigations.push([raw(placed.orderedItem(mitigation))]);
        await pace.wrote(mitigation);
      }
      children.push(paragraph([text("Mitigations (M):")]), list(mitigations, true));
    }
  }

  children.push(heading(2, SECTION.cellDetails), ...(await cellDetails(card, pace)));
  children.push(...selfApprovalsSection(selfApprovals));
  if (acceptedRisks?.length) children.push(heading(2, SECTION.acceptedRisks), ...acceptedRisksSection(acceptedRisks));
  children.push(heading(2, SECTION.evidence), ...(await evidenceSection(card, evidence, pace)));
  if (inheritance) children.push(...inheritanceSection(model.name, inheritance));
  if (decisions) children.push(heading(2, SECTION.deployment), ...deploymentDecisionsSection(decisions, card.model.name));

  return renderBlocksPaced(children, pace);
}

/** Blocks built from the builders of mdast-builders.ts as card markdown, escaped as the card's own are. */
export function renderBlocks(children: RootContent[]): string {
  return processor.stringify({ type: "root", children } satisfies Root);
}

/**
 * renderBlocks() of `children`, giving others turns on the way. The blocks are written a few at a
 * time, each as remark writes it in the card, and the card is then stringified from what was
 * written (as raw markdown): only joining them is left. A table, one block of up to 50,000 rows in
 * a large card, is written a few rows at a time, as remark-gfm writes it.
 */
async function renderBlocksPaced(children: RootContent[], pace: Pace): Promise<string> {
  const written: RootContent[] = [];
  let batch: RootContent[] = [];
  let work = 0;
  const writeBatch = async () => {
    written.push(...blocksAsWritten(batch).map(raw));
    await pace.spend(work);
    batch = [];
    work = 0;
  };
  for (const [index, block] of children.entries()) {
    // A list right after a list is written with the other bullet, so that it stays a list of its own: such lists are left to remark.
    if (block.type === "list" && (children[index - 1]?.type === "list" || children[index + 1]?.type === "list")) {
      await writeBatch();
      written.push(block);
    } else if (block.type === "table") {
      await writeBatch();
      written.push(raw(await tableAsWritten(block, pace)));
    } else if (block.type === "list" && block.children.length > ITEMS_WRITTEN_TOGETHER && block.children.every(startsWithParagraph)) {
      await writeBatch();
      written.push(raw(await listAsWritten(block, pace)));
    } else {
      batch.push(block);
      work += BLOCK_OVERHEAD + plainText(block).length;
      if (work >= WORK_BETWEEN_TURNS) await writeBatch();
    }
  }
  await writeBatch();
  return joinedAsWritten(written);
}

/**
 * renderBlocks(blocks), where most blocks are raw markdown already written. remark follows the line
 * and column of every character it writes: on a 500 x 100 card's 60 MB that held the thread 0.35 s
 * at once. It joins short stand-ins instead, which its join rules treat as the raw blocks they stand
 * for, and the texts go in their places in one pass.
 */
function joinedAsWritten(blocks: RootContent[]): string {
  const texts: string[] = [];
  const standIn = `riskledger-block-${randomUUID()}-`;
  const outline = renderBlocks(
    blocks.map((block) => {
      if (block.type !== "html") return block;
      texts.push(block.value);
      return raw(`${standIn}${texts.length - 1}.`);
    }),
  );
  return outline.replace(new RegExp(`${standIn}(\\d+)\\.`, "g"), (_, index: string) => texts[Number(index)]);
}

/** What writing a block or a table row costs beyond its characters. */
const BLOCK_OVERHEAD = 50;

/** Items of a long list written by one stringify. */
const ITEMS_WRITTEN_TOGETHER = 100;

/**
 * remark picks a list's bullet from all of its items (another when one reads as a thematic break or
 * is empty): a list whose items each start with a paragraph is written alike in parts.
 */
function startsWithParagraph(item: ListItem): boolean {
  return item.children[0]?.type === "paragraph";
}

/**
 * `list` (up to 50,000 items in a large card's evidence section: one per cell) as remark writes it:
 * a few items at a time, each few as a list of their own numbered on from the last, joined as remark
 * joins a list's items (a blank line between them in a spread list).
 */
async function listAsWritten(list: List, pace: Pace): Promise<string> {
  const parts: string[] = [];
  for (let first = 0; first < list.children.length; first += ITEMS_WRITTEN_TOGETHER) {
    const items = list.children.slice(first, first + ITEMS_WRITTEN_TOGETHER);
    const part: List = { ...list, children: items, ...(list.ordered ? { start: (list.start ?? 1) + first } : {}) };
    parts.push(...blocksAsWritten([part]));
    await pace.spend(items.reduce((sum, item) => sum + BLOCK_OVERHEAD + plainText(item).length, 0));
  }
  return parts.join(list.spread ? "\n\n" : "\n");
}

/**
 * Columns are padded to their widest cell up to this width, and no further: a cell wider is written
 * as it is, and the rows around it are not widened to it. Padded to the widest, one 10,000-character
 * rationale in a card of 50,000 described cells made every row of the cell details 10,000
 * characters: 500 MB of markdown. Narrow columns (codes, marks, statuses, the evidence tables) stay
 * aligned; a table reads the same to any markdown reader either way.
 */
const MOST_PADDED_WIDTH = 40;

/**
 * `table` as remark-gfm writes it, but for the padding: each cell's markdown padded to its
 * column's widest (at most MOST_PADDED_WIDTH), between pipes, the delimiter row after the header
 * (markdown-table's output with remark-gfm's settings, which no card setting changes).
 */
async function tableAsWritten(table: Table, pace: Pace): Promise<string> {
  const rows: string[][] = [];
  const textCells = new Map<string, string>();
  let batch: TableRow[] = [];
  let work = 0;
  const writeBatch = async () => {
    rows.push(...cellsAsWritten({ ...table, children: batch }, textCells));
    await pace.spend(work);
    batch = [];
    work = 0;
  };
  for (const row of table.children) {
    batch.push(row);
    work += BLOCK_OVERHEAD + plainText(row).length;
    if (work >= WORK_BETWEEN_TURNS) await writeBatch();
  }
  await writeBatch();
  if (!rows.length) return "";
  // remark-gfm gives the header a cell for each column the table aligns.
  while (rows[0].length < (table.align?.length ?? 0)) rows[0].push("");
  const widths: number[] = [];
  for (const row of rows) for (const [column, cell] of row.entries()) widths[column] = Math.max(widths[column] ?? 0, Math.min(cell.length, MOST_PADDED_WIDTH));
  const delimiter = rows[0].map((_, column) => "-".repeat(Math.max(1, widths[column])));
  for (const [column, cell] of delimiter.entries()) widths[column] = Math.max(widths[column], cell.length);
  rows.splice(1, 0, delimiter);
  const lines: string[] = [];
  for (const row of rows) {
    const cells = row.length ? row : [""];
    const line = `|${cells.map((cell, column) => ` ${cell}${" ".repeat(Math.max(0, widths[column] - cell.length))} |`).join("")}`;
    lines.push(line);
    work += BLOCK_OVERHEAD + line.length;
    if (work >= WORK_BETWEEN_TURNS) {
      await pace.spend(work);
      work = 0;
    }
  }
  return lines.join("\n");
}

// The processor's writers, which keep what they write rather than join it: each block of a root,
// as the root's handler writes it (the first after no list), and each cell of a table, as
// remark-gfm writes it in the constructs its table handler enters. Writing is synchronous, so one
// array at a time receives what a writer keeps.
let kept: string[] = [];
let keptRows: string[][] = [];
/**
 * The cells of the table being written that are one text, by their text, as written: a column
 * repeats its values (n, threshold, verdict, campaign, date), and remark escaping each again was most
 * of a large card's table writing. A cell's writing depends only on what it holds: every cell is
 * written in the same constructs, with the same surroundings.
 */
let writtenTexts = new Map<string, string>();

const blockWriter = remark()
  .use(remarkGfm)
  .use(remarkFrontmatter, ["yaml"])
  .data("settings", {
    ...settings,
    handlers: {
      root(node: Root, _, state) {
        for (const child of node.children) {
          state.bulletLastUsed = undefined;
          kept.push(state.handle(child, node, state, { before: "\n", after: "\n", now: { line: 1, column: 1 }, lineShift: 0 }));
        }
        return "";
      },
    },
  });

const cellWriter = remark()
  .use(remarkGfm)
  .use(remarkFrontmatter, ["yaml"])
  .data("settings", {
    ...settings,
    handlers: {
      table(node: Table, _, state, info) {
        const exitTable = state.enter("table");
        for (const row of node.children) {
          const exitRow = state.enter("tableRow");
          keptRows.push(
            row.children.map((cell) => {
              const only = cell.children.length === 1 ? cell.children[0] : undefined;
              if (only?.type !== "text") return state.handle(cell, row, state, info);
              let written = writtenTexts.get(only.value);
              if (written === undefined) {
                written = state.handle(cell, row, state, info);
                writtenTexts.set(only.value, written);
              }
              return written;
            }),
          );
          exitRow();
        }
        exitTable();
        return "";
      },
    },
  });

/** The markdown of each of `blocks`, as the processor writes it in a card. */
function blocksAsWritten(blocks: RootContent[]): string[] {
  kept = [];
  if (blocks.length) blockWriter.stringify({ type: "root", children: blocks });
  return kept;
}

/** The markdown of each cell of `table`, as the processor writes it inside the table; `written`: the table's text cells written so far. */
function cellsAsWritten(table: Table, written: Map<string, string>): string[][] {
  keptRows = [];
  writtenTexts = written;
  cellWriter.stringify({ type: "root", children: [table] });
  return keptRows;
}

async function cellDetails(card: Card, pace: Pace): Promise<RootContent[]> {
  const described = card.cells.filter(
    (cell) => cell.subjectAtRisk !== null || cell.rationale !== "" || cell.reviewStatus !== "DRAFT" || Object.keys(cell.mitigationStatus).length > 0,
  );
  if (!described.length) return [paragraph([text("No cell has a subject at risk, a rationale, a review or a mitigation status yet: every cell is a draft.")])];
  const risks = new Map<string, CardRisk>();
  // The first of a code, as a search would find: a map, as one search per cell of 50,000 was 25 million comparisons.
  for (const risk of card.risks) if (!risks.has(risk.code)) risks.set(risk.code, risk);
  const rows: (string | Html)[][] = [];
  for (const cell of described) {
    rows.push([
      cellName(cell.risk, cell.use),
      cell.subjectAtRisk ? subjectAtRiskLabel[cell.subjectAtRisk] : "—",
      reviewStatusLabel[cell.reviewStatus],
      mitigationStatusText(cell, risks.get(cell.risk)),
      raw(placed.cell(cell.rationale)),
    ]);
    await pace.wrote(cell.rationale);
  }
  return [
    paragraph([text("Cells not listed here are drafts with no rationale. Mitigations are numbered as in the risk's list (M1 is its first).")]),
    table([...CELL_DETAILS_HEADER], rows),
  ];
}

function mitigationStatusText(cell: CardCell, risk: CardRisk | undefined): string {
  return Object.entries(cell.mitigationStatus)
    .map(([mitigation, status]) => {
      const position = risk?.mitigations.indexOf(mitigation) ?? -1;
      // A status for a mitigation the risk no longer lists cannot be written truthfully.
      if (position < 0) throw new Error(`${cellName(cell.risk, cell.use)} has a status for "${mitigation}", which ${cell.risk} does not list`);
      return { position, status };
    })
    .sort((a, b) => a.position - b.position)
    .map(({ position, status }) => `M${position + 1} ${mitigationStatusLabel[status]}`)
    .join("; ");
}

/** Each cell by its risk and use, found in a map: the summary table asks for every one of a card's up to 50,000. */
function cellsByName(card: Card): (risk: string, use: string) => CardCell {
  const cells = new Map<string, CardCell>();
  // The first, as a search would find.
  for (const cell of card.cells) if (!cells.has(cellName(cell.risk, cell.use))) cells.set(cellName(cell.risk, cell.use), cell);
  return (risk, use) =>
    // A cell nobody has written yet is shown as what it is: not assessed.
    cells.get(cellName(risk, use)) ?? {
      risk,
      use,
      applies: "NOT_ASSESSED",
      likelihood: null,
      severity: null,
      subjectAtRisk: null,
      rationale: "",
      reviewStatus: "DRAFT",
      mitigationStatus: {},
    };
}

/** Prose: one paragraph per blank-line-separated part; a value with an empty part is one paragraph whose newlines are written `<br>`. */
async function paragraphs(prose: string, pace: Pace): Promise<RootContent[]> {
  if (!prose) return [];
  const parts = prose.split("\n\n");
  const blocks: RootContent[] = [];
  for (const part of parts.includes("") ? [prose] : parts) {
    blocks.push(paragraph([raw(placed.paragraph(part))]));
    await pace.wrote(part);
  }
  return blocks;
}
