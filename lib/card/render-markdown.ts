// Exports the card as Hugging Face model-card markdown. The card is built as an mdast tree and
// stringified by remark, so every user-written text is a text node that remark escapes: a pipe
// or HTML in a rationale cannot break a table or inject markup. The importer reads the result
// back into the same card.
import type { Root, RootContent } from "mdast";
import { remark } from "remark";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import { harmAreaLabel, mitigationStatusLabel, reviewStatusLabel, riskTypeLabel, subjectAtRiskLabel } from "../domain/vocabulary";
import { CELL_DETAILS_HEADER, cellName, countsSentence, MARK_LEGEND, MODEL_DETAIL, RISK_FIELD, SECTION, SUMMARY_HEADER, USE_FIELD } from "./card-layout";
import { BIDI_CONTROLS } from "../domain/bidi-controls";
import { placed } from "./card-text";
import { frontMatterYaml } from "./front-matter";
import { formatCellMark } from "./cell-mark";
import { cardCounts } from "./counts";
import type { CardEvidence } from "./evidence";
import { type EvalResultsSource, frontMatterWithResults } from "./hub-eval-results";
import { heading, list, paragraph, raw, strong, table, text } from "./mdast-builders";
import { evidenceSection } from "./render-evidence";
import { type CardDecisions, deploymentDecisionsSection } from "./deployment-decisions";
import { type CardInheritance, inheritanceSection } from "./card-inheritance";
import { acceptedRisksSection, type CardAcceptedRisk } from "./accepted-risks";
import type { Card, CardCell, CardRisk } from "./schema";

const processor = remark()
  .use(remarkGfm)
  .use(remarkFrontmatter, ["yaml"])
  .data("settings", {
    bullet: "-",
    listItemIndent: "one",
    emphasis: "_",
    strong: "*",
    rule: "-",
    // A text node's bidirectional control is written as a character reference, as card-text.ts writes a field's.
    unsafe: Array.from(BIDI_CONTROLS, (character) => ({ character })),
  });

/**
 * `source` names the release the card is published in: the Hub shows it beside each result in the
 * front matter's model-index. `decisions`: the uses' deploy decisions, when there are any to show.
 * `inheritance`: a fine-tune's base, with the risks and evidence it inherits from it.
 * `acceptedRisks`: the cells accepted rather than approved on their evidence, with the acceptances' terms.
 */
export function renderCardMarkdown(
  card: Card,
  evidence?: CardEvidence,
  source?: EvalResultsSource,
  decisions?: CardDecisions,
  inheritance?: CardInheritance,
  acceptedRisks?: CardAcceptedRisk[],
): string {
  const { model } = card;
  const children: RootContent[] = [];
  const frontMatter = frontMatterWithResults(card, evidence, source);
  if (Object.keys(frontMatter).length) children.push({ type: "yaml", value: frontMatterYaml(frontMatter) });
  children.push({ type: "heading", depth: 1, children: [raw(placed.heading(model.name))] });

  children.push(heading(2, SECTION.description), ...paragraphs(model.description));
  if (model.storageChanges.length) {
    children.push(list(model.storageChanges.map((change) => [raw(placed.boldLead(change.title, change.text))])));
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
  children.push(heading(2, SECTION.training), ...paragraphs(model.trainingData));
  children.push(heading(2, SECTION.intendedUses), ...paragraphs(model.intendedUses));

  const counts = cardCounts(card);
  const cellOf = cellsByName(card);
  children.push(
    heading(2, SECTION.summary),
    paragraph([text(countsSentence(counts.risks, counts.mitigations, counts.uses))]),
    paragraph([text(MARK_LEGEND)]),
    table(
      [SUMMARY_HEADER.code, SUMMARY_HEADER.title, ...card.uses.map((use) => raw(`${placed.cell(use.purpose, ` (${use.code})`)} (${use.code})`))],
      card.risks.map((risk) => [risk.code, raw(placed.cell(risk.title)), ...card.uses.map((use) => formatCellMark(cellOf(risk.code, use.code)))]),
    ),
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
  }

  children.push(heading(2, SECTION.risks));
  for (const risk of card.risks) {
    children.push(
      heading(3, risk.code),
      paragraph([raw(`**${placed.boldTitle(risk.title)}**`)]),
      list([[text(`${RISK_FIELD.riskType}: ${riskTypeLabel[risk.riskType]}`)], [text(`${RISK_FIELD.harmArea}: ${harmAreaLabel[risk.harmArea]}`)]]),
    );
    if (risk.mitigations.length) {
      children.push(
        paragraph([text("Mitigations (M):")]),
        list(
          risk.mitigations.map((mitigation) => [raw(placed.orderedItem(mitigation))]),
          true,
        ),
      );
    }
  }

  children.push(heading(2, SECTION.cellDetails), ...cellDetails(card));
  if (acceptedRisks?.length) children.push(heading(2, SECTION.acceptedRisks), ...acceptedRisksSection(acceptedRisks));
  children.push(heading(2, SECTION.evidence), ...evidenceSection(card, evidence));
  if (inheritance) children.push(...inheritanceSection(model.name, inheritance));
  if (decisions) children.push(heading(2, SECTION.deployment), ...deploymentDecisionsSection(decisions, card.model.name));

  return renderBlocks(children);
}

/** Blocks built from the builders of mdast-builders.ts as card markdown, escaped as the card's own are. */
export function renderBlocks(children: RootContent[]): string {
  return processor.stringify({ type: "root", children } satisfies Root);
}

function cellDetails(card: Card): RootContent[] {
  const described = card.cells.filter(
    (cell) => cell.subjectAtRisk !== null || cell.rationale !== "" || cell.reviewStatus !== "DRAFT" || Object.keys(cell.mitigationStatus).length > 0,
  );
  if (!described.length) return [paragraph([text("No cell has a subject at risk, a rationale, a review or a mitigation status yet: every cell is a draft.")])];
  return [
    paragraph([text("Cells not listed here are drafts with no rationale. Mitigations are numbered as in the risk's list (M1 is its first).")]),
    table(
      [...CELL_DETAILS_HEADER],
      described.map((cell) => [
        cellName(cell.risk, cell.use),
        cell.subjectAtRisk ? subjectAtRiskLabel[cell.subjectAtRisk] : "—",
        reviewStatusLabel[cell.reviewStatus],
        mitigationStatusText(
          cell,
          card.risks.find((risk) => risk.code === cell.risk),
        ),
        raw(placed.cell(cell.rationale)),
      ]),
    ),
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
function paragraphs(prose: string): RootContent[] {
  if (!prose) return [];
  const parts = prose.split("\n\n");
  return (parts.includes("") ? [prose] : parts).map((part) => paragraph([raw(placed.paragraph(part))]));
}
