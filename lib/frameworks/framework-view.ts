// A framework seen through one model: each control or article with the model's cells whose risk
// maps to it, and the state of each cell's evidence: current (measured or documented under today's
// model, suites, detectors and settings), stale (made under something that has changed since) or
// untested. What an auditor asks: "what measured evidence speaks to this control, and is it still
// true?". Cells judged not to apply are left out; a cell not yet assessed is shown, untested.
// Evidence the generated smoke-test model made is marked so, as on the matrix.
import type { Db } from "../db/types";
import { cellKeyLabel, cellKeySlug } from "../domain/cell-key";
import type { Applies, ReviewStatus } from "../domain/vocabulary";
import { loadModelEvidence } from "../evidence/cell-evidence";
import { summarizeEvidence, type EvidenceStatus } from "../matrix/evidence-status";
import type { Framework } from "./crosswalk";

export const EVIDENCE_STATES = ["CURRENT", "STALE", "UNTESTED"] as const;
export type EvidenceState = (typeof EVIDENCE_STATES)[number];
export const evidenceStateLabel: Record<EvidenceState, string> = { CURRENT: "current", STALE: "stale", UNTESTED: "untested" };

export function evidenceStateOf(status: EvidenceStatus): EvidenceState {
  if (status === "STALE") return "STALE";
  return status === "UNTESTED" ? "UNTESTED" : "CURRENT";
}

export interface ControlCell {
  cell: string;
  risk: string;
  use: string;
  applies: Applies;
  reviewStatus: ReviewStatus;
  /** The evidence word of the matrix badge (pass, fail, inconclusive, documented, stale, untested). */
  evidence: EvidenceStatus;
  state: EvidenceState;
  failures: number | null;
  n: number | null;
  interval: { lower: number; upper: number } | null;
  /** ISO time of the current evidence. */
  date: string | null;
  /** The current evidence came from the generated tiny model, not from this model. */
  smokeTest: boolean;
}

export interface ControlView {
  id: string;
  title: string;
  risks: string[];
  cells: ControlCell[];
  counts: Record<EvidenceState, number>;
}

export interface FrameworkView {
  framework: Pick<Framework, "framework" | "title" | "source">;
  model: { slug: string; name: string };
  controls: ControlView[];
  /** The model's risks no control of this framework names. */
  unmappedRisks: string[];
  /** Some cell's current evidence came from the generated tiny model. */
  smokeTestModel: boolean;
}

export async function loadFrameworkView(db: Db, slug: string, framework: Framework): Promise<FrameworkView | null> {
  const model = await db.model.findUnique({
    where: { slug },
    select: {
      slug: true,
      name: true,
      risks: { where: { retiredAt: null }, orderBy: { position: "asc" }, select: { code: true } },
      uses: {
        where: { retiredAt: null },
        orderBy: { position: "asc" },
        select: {
          code: true,
          cells: { where: { risk: { retiredAt: null } }, select: { applies: true, reviewStatus: true, risk: { select: { code: true } } } },
        },
      },
    },
  });
  if (!model) return null;
  const evidence = await loadModelEvidence(db, slug);
  const cellsByRisk = new Map<string, ControlCell[]>();
  for (const use of model.uses) {
    for (const cell of use.cells) {
      if (cell.applies === "NO") continue;
      const key = cellKeySlug(cell.risk.code, use.code);
      const summary = summarizeEvidence(evidence.cells[key], evidence.documentedCells.has(key), 0);
      const row: ControlCell = {
        cell: cellKeyLabel(cell.risk.code, use.code),
        risk: cell.risk.code,
        use: use.code,
        applies: cell.applies,
        reviewStatus: cell.reviewStatus,
        evidence: summary.status,
        state: evidenceStateOf(summary.status),
        failures: summary.failures,
        n: summary.n,
        interval: summary.rate ? { lower: summary.rate.lower, upper: summary.rate.upper } : null,
        date: summary.date,
        smokeTest: summary.smokeTest,
      };
      cellsByRisk.set(cell.risk.code, [...(cellsByRisk.get(cell.risk.code) ?? []), row]);
    }
  }
  const riskOrder = new Map(model.risks.map((risk, index) => [risk.code, index]));
  const controls = framework.controls.map((control): ControlView => {
    const risks = control.risks.filter((risk) => riskOrder.has(risk)).sort((a, b) => riskOrder.get(a)! - riskOrder.get(b)!);
    const cells = risks.flatMap((risk) => cellsByRisk.get(risk) ?? []);
    const counts = { CURRENT: 0, STALE: 0, UNTESTED: 0 };
    for (const cell of cells) counts[cell.state] += 1;
    return { id: control.id, title: control.title, risks, cells, counts };
  });
  const mapped = new Set(framework.controls.flatMap((control) => control.risks));
  return {
    framework: { framework: framework.framework, title: framework.title, source: framework.source },
    model: { slug: model.slug, name: model.name },
    controls,
    unmappedRisks: model.risks.map((risk) => risk.code).filter((code) => !mapped.has(code)),
    smokeTestModel: [...cellsByRisk.values()].some((cells) => cells.some((cell) => cell.smokeTest)),
  };
}
