// A framework view for an auditor: markdown (a table per control, built as an mdast tree and
// stringified by remark, so no rationale or title can break the table) and CSV (one row per
// control x cell, every field quoted and formula-safe, as the audit log's CSV). Evidence the
// generated smoke-test model made says so on its row, as in the card export.
import type { RootContent } from "mdast";
import { remark } from "remark";
import remarkGfm from "remark-gfm";
import { csvField } from "../audit/audit-csv";
import { heading, list, paragraph, strong, table, text } from "../card/mdast-builders";
import { evidenceStatusLabel, SMOKE_TEST_MODEL, smokeTestMeaning } from "../matrix/evidence-status";
import { RUN_DATE_UNKNOWN } from "../evidence/imported-source";
import { reviewStatusLabel } from "../domain/vocabulary";
import { evidenceStateLabel, type ControlCell, type FrameworkView } from "./framework-view";

const processor = remark().use(remarkGfm).data("settings", { bullet: "-", listItemIndent: "one" });

function figures(cell: ControlCell): string {
  if (cell.n === null || cell.failures === null) return "—";
  const interval = cell.interval ? ` (${percent(cell.interval.lower)}–${percent(cell.interval.upper)})` : "";
  return `${cell.failures}/${cell.n}${interval}`;
}

function evidenceWord(cell: ControlCell): string {
  return cell.smokeTest ? `${evidenceStatusLabel[cell.evidence]} (${SMOKE_TEST_MODEL})` : evidenceStatusLabel[cell.evidence];
}

function percent(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}

export function frameworkMarkdown(view: FrameworkView, at: Date): string {
  const { framework, model } = view;
  const children: RootContent[] = [
    heading(1, `${framework.title}: ${model.name}`),
    paragraph([
      strong("Source:"),
      text(` ${framework.source.document}, ${framework.source.publisher}, ${framework.source.date}, `),
      { type: "link", url: framework.source.url, children: [text(framework.source.url)] },
      text(". "),
      text(
        `Evidence as it stood on ${at.toISOString()}: current (made under today's model, suites, detectors and settings), stale, or untested. Cells judged not to apply are left out.`,
      ),
    ]),
    ...(view.smokeTestModel ? [paragraph([strong("Smoke test only."), text(` ${smokeTestMeaning(model.name)}`)])] : []),
  ];
  for (const control of view.controls) {
    children.push(heading(2, `${control.id} ${control.title}`));
    if (control.cells.length === 0) {
      children.push(
        paragraph([
          text(control.risks.length ? `Mapped to ${control.risks.join(", ")}; no cell of these risks applies.` : "No risk of the card maps to this control."),
        ]),
      );
      continue;
    }
    children.push(
      paragraph([
        text(`Mapped to ${control.risks.join(", ")}: ${control.counts.CURRENT} current, ${control.counts.STALE} stale, ${control.counts.UNTESTED} untested.`),
      ]),
      table(
        ["Cell", "Evidence", "State", "Failures / n (Wilson 95%)", "Evidence date", "Review"],
        control.cells.map((cell) => [
          cell.cell,
          evidenceWord(cell),
          evidenceStateLabel[cell.state],
          figures(cell),
          cell.date?.slice(0, 10) ?? (cell.n !== null ? RUN_DATE_UNKNOWN : "—"),
          reviewStatusLabel[cell.reviewStatus],
        ]),
      ),
    );
  }
  if (view.unmappedRisks.length) {
    children.push(heading(2, "Risks no control maps"), list(view.unmappedRisks.map((risk) => [text(risk)])));
  }
  return processor.stringify({ type: "root", children });
}

const CSV_HEADER = [
  "framework",
  "control",
  "control title",
  "risk",
  "use",
  "cell",
  "applies",
  "evidence",
  "state",
  SMOKE_TEST_MODEL,
  "failures",
  "n",
  "wilson lower",
  "wilson upper",
  "evidence date",
  "review status",
  "source",
];

export function frameworkCsv(view: FrameworkView): string {
  const source = `${view.framework.source.document} (${view.framework.source.url})`;
  const rows = view.controls.flatMap((control) =>
    control.cells.length === 0
      ? [
          [
            view.framework.framework,
            control.id,
            control.title,
            control.risks.join(" "),
            "",
            "",
            "",
            control.risks.length ? "no applicable cell" : "no risk maps here",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            source,
          ],
        ]
      : control.cells.map((cell) => [
          view.framework.framework,
          control.id,
          control.title,
          cell.risk,
          cell.use,
          cell.cell,
          cell.applies.toLowerCase().replace("_", " "),
          evidenceStatusLabel[cell.evidence],
          evidenceStateLabel[cell.state],
          cell.smokeTest ? "yes" : "no",
          cell.failures === null ? "" : String(cell.failures),
          cell.n === null ? "" : String(cell.n),
          cell.interval ? String(cell.interval.lower) : "",
          cell.interval ? String(cell.interval.upper) : "",
          cell.date ?? (cell.n !== null ? RUN_DATE_UNKNOWN : ""),
          reviewStatusLabel[cell.reviewStatus],
          source,
        ]),
  );
  return `${[CSV_HEADER, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}
