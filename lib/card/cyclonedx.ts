// The card as a CycloneDX 1.6 ML-BOM: one machine-learning-model component whose modelCard holds
// the uses, the risks with their mitigations, and the measured failure rates with their Wilson
// intervals. Only what the card and the evidence say goes in: no timestamp or serial number is
// invented, so the same card and evidence always give the same BOM.
import { harmAreaLabel, riskTypeLabel } from "../domain/vocabulary";
import { formatCellMark } from "./cell-mark";
import { type CardEvidence, type CellEvidence, failureRate, verdictLabel } from "./evidence";
import type { Card } from "./schema";

export interface CycloneDxProperty {
  name: string;
  value: string;
}

export interface CycloneDxPerformanceMetric {
  type: string;
  /** CycloneDX wants the numbers of a metric as strings. */
  value: string;
  slice: string;
  confidenceInterval: { lowerBound: string; upperBound: string };
}

export interface CycloneDxModelCard {
  modelParameters: {
    task?: string;
    modelArchitecture?: string;
    datasets: { type: "dataset"; name: string }[];
  };
  quantitativeAnalysis?: { performanceMetrics: CycloneDxPerformanceMetric[] };
  considerations: {
    users: string[];
    useCases: string[];
    ethicalConsiderations: { name: string; mitigationStrategy: string }[];
  };
  properties: CycloneDxProperty[];
}

export interface CycloneDxBom {
  bomFormat: "CycloneDX";
  specVersion: "1.6";
  version: number;
  components: {
    type: "machine-learning-model";
    "bom-ref": string;
    name: string;
    description: string;
    manufacturer?: { name: string };
    licenses?: { license: { name: string } }[];
    tags?: string[];
    modelCard: CycloneDxModelCard;
    properties: CycloneDxProperty[];
  }[];
}

const PREFIX = "riskledger";

export function cardToCycloneDx(card: Card, evidence?: CardEvidence): CycloneDxBom {
  const { model } = card;
  const front = model.frontMatter;
  const metrics = (evidence?.cells ?? []).map(performanceMetric);
  const modelCard: CycloneDxModelCard = {
    modelParameters: {
      task: typeof front.pipeline_tag === "string" ? front.pipeline_tag : undefined,
      modelArchitecture: model.modelType || undefined,
      datasets: strings(front.datasets).map((name) => ({ type: "dataset", name })),
    },
    quantitativeAnalysis: metrics.length ? { performanceMetrics: metrics } : undefined,
    considerations: {
      users: [...new Set(card.uses.map((use) => use.aiUser).filter(Boolean))],
      useCases: card.uses.map(
        (use) => `${use.code} ${use.purpose}: ${use.capability} (AI user: ${use.aiUser}; AI subject: ${use.aiSubject}; domain: ${use.domain})`,
      ),
      ethicalConsiderations: card.risks.map((risk) => ({
        name: `${risk.code} ${risk.title} (${riskTypeLabel[risk.riskType]}; ${harmAreaLabel[risk.harmArea]})`,
        mitigationStrategy: risk.mitigations.join("; "),
      })),
    },
    properties: [
      ...card.cells.map((cell) => ({ name: `${PREFIX}:cell:${cell.risk}:${cell.use}`, value: formatCellMark(cell) })),
      { name: `${PREFIX}:evidence`, value: evidenceState(evidence, metrics.length) },
      { name: `${PREFIX}:evidence:smokeTestModel`, value: String(evidence?.smokeTestModel ?? false) },
      ...(evidence?.detectors ?? []).map((detector) => ({
        name: `${PREFIX}:detector:${detector.detector}@${detector.version}:accuracy`,
        value: `${detector.accuracy} on ${detector.labelledExamples} labelled examples`,
      })),
    ],
  };
  return {
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    version: 1,
    components: [
      {
        type: "machine-learning-model",
        "bom-ref": `model:${model.slug}`,
        name: model.name,
        description: model.description,
        manufacturer: model.developer ? { name: model.developer } : undefined,
        licenses: model.license ? [{ license: { name: model.license } }] : undefined,
        tags: strings(front.tags).length ? strings(front.tags) : undefined,
        modelCard,
        properties: [
          ...(typeof front.base_model === "string" ? [{ name: `${PREFIX}:baseModel`, value: front.base_model }] : []),
          ...model.languages.map((language) => ({ name: `${PREFIX}:language`, value: language })),
          ...model.storageChanges.map((change) => ({ name: `${PREFIX}:storage`, value: `${change.title} ${change.text}`.trim() })),
        ],
      },
    ],
  };
}

/**
 * One cell's failure rate; the slice names the cell the way a CycloneDX reader can split it
 * ("risk=R3;use=U2;..."), followed by what the figure rests on, the smoke-test flag included.
 */
function performanceMetric(row: CellEvidence): CycloneDxPerformanceMetric {
  const facts = [
    `risk=${row.risk}`,
    `use=${row.use}`,
    `n=${row.n}`,
    `failures=${row.failures}`,
    `threshold=${row.threshold}`,
    `verdict=${verdictLabel[row.verdict]}`,
    `stale=${row.stale}`,
    `smokeTestModel=${row.smokeTest}`,
    `modelRevision=${row.modelRevision}`,
    `backend=${row.backend ?? "unknown"}`,
    `date=${row.date}`,
    `campaign=${row.campaign.replace(/;/g, ",")}`,
  ];
  return {
    type: "failure rate",
    value: decimal(failureRate(row)),
    slice: facts.join(";"),
    confidenceInterval: { lowerBound: decimal(row.wilson.lower), upperBound: decimal(row.wilson.upper) },
  };
}

function evidenceState(evidence: CardEvidence | undefined, metrics: number): string {
  if (!metrics) return "untested";
  return evidence?.smokeTestModel ? "smoke test on the generated tiny model" : "measured";
}

function decimal(value: number): string {
  return String(Number(value.toFixed(6)));
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}
