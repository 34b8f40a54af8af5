// The card as a CycloneDX 1.6 ML-BOM: one machine-learning-model component whose modelCard holds
// the uses, the risks with their mitigations, and the measured failure rates with their Wilson
// intervals, each beside the rate corrected for detector error where the detectors' accuracy is known. Only what the card and the evidence say goes in: no timestamp or serial number is
// invented, so the same card and evidence always give the same BOM.
import { type AsStored, harmAreaLabel, labelAsStored, reviewStatusLabel, riskTypeLabel } from "../domain/vocabulary";
import { CORRECTED_INTERVAL_METHOD } from "../evidence/rogan-gladen";
import { detectorFiguresText } from "../detectors/detector-figures";
import { formatCellMark } from "./cell-mark";
import { encodeCardText } from "./card-text";
import { type CardEvidence, type CellEvidence, documentedKindLabel, erroredOnlyText, failureRate, UNKNOWN_REVISION, verdictLabel } from "./evidence";
import type { Card } from "./schema";
import { type CardDecisions, deploymentDecisionProperties } from "./deployment-decisions";
import { acceptedRiskProperties, type CardAcceptedRisk } from "./accepted-risks";
import type { CardInheritance } from "./card-inheritance";

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
    approach?: { type: "supervised" | "self-supervised" };
    task?: string;
    architectureFamily?: string;
    modelArchitecture?: string;
    datasets: { type: "dataset"; name: string }[];
    inputs?: { format: string }[];
    outputs?: { format: string }[];
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
    version: string;
    description: string;
    manufacturer?: { name: string };
    licenses?: { license: { name: string; url?: string } }[];
    tags?: string[];
    pedigree?: { ancestors: CycloneDxAncestor[] };
    modelCard: CycloneDxModelCard;
    properties: CycloneDxProperty[];
  }[];
}

/**
 * The model a fine-tune was made from, as a component of its own (Hub repo id split into group and
 * name); when the base is a model in Riskledger, with its ref there (the bom-ref its own BOM has),
 * revision and card release.
 */
export interface CycloneDxAncestor {
  type: "machine-learning-model";
  "bom-ref": string;
  group?: string;
  name: string;
  version?: string;
  purl?: string;
  properties?: CycloneDxProperty[];
}

const PREFIX = "riskledger";

/**
 * `inheritance`: a fine-tune's base model in Riskledger, which its pedigree names (card-inheritance.ts).
 * A release's BOM derived from its stored JSON may hold a value a closed set has dropped since: it is written as stored.
 */
export function cardToCycloneDx(
  card: AsStored<Card>,
  evidence?: AsStored<CardEvidence>,
  decisions?: AsStored<CardDecisions>,
  inheritance?: AsStored<CardInheritance>,
  acceptedRisks?: CardAcceptedRisk[],
): CycloneDxBom {
  const { model } = card;
  const front = model.frontMatter;
  const metrics = (evidence?.cells ?? []).flatMap(performanceMetrics);
  const modelCard: CycloneDxModelCard = {
    modelParameters: modelParameters(front),
    quantitativeAnalysis: metrics.length ? { performanceMetrics: metrics } : undefined,
    considerations: {
      users: [...new Set(card.uses.map((use) => use.aiUser).filter(Boolean))],
      useCases: card.uses.map(
        (use) => `${use.code} ${use.purpose}: ${use.capability} (AI user: ${use.aiUser}; AI subject: ${use.aiSubject}; domain: ${use.domain})`,
      ),
      // A risk allows one mitigation string: one numbered line per mitigation, each written as a
      // card table cell is (a newline inside one is "<br>"), so no line is ever two mitigations.
      ethicalConsiderations: card.risks.map((risk) => ({
        name: `${risk.code} ${risk.title} (${labelAsStored(riskTypeLabel, risk.riskType)}; ${labelAsStored(harmAreaLabel, risk.harmArea)})`,
        mitigationStrategy: risk.mitigations.map((text, index) => `M${index + 1}. ${encodeCardText(text, "cell")}`).join("\n"),
      })),
    },
    properties: [
      // Each mitigation also as its own item, verbatim, in the risk's order.
      ...card.risks.flatMap((risk) => risk.mitigations.map((text) => ({ name: `${PREFIX}:risk:${risk.code}:mitigation`, value: text }))),
      // Each cell's mark as the summary table writes it, and its review status as the cell details do.
      ...card.cells.flatMap((cell) => [
        { name: `${PREFIX}:cell:${cell.risk}:${cell.use}`, value: formatCellMark(cell) },
        { name: `${PREFIX}:cell:${cell.risk}:${cell.use}:review`, value: labelAsStored(reviewStatusLabel, cell.reviewStatus) },
      ]),
      // What backs a cell no prompt can test, and what it says: evidence, but no metric.
      ...(evidence?.documented ?? []).map((row) => ({
        name: `${PREFIX}:cell:${row.risk}:${row.use}:documented`,
        value: `${labelAsStored(documentedKindLabel, row.kind)}: ${row.title}${row.url ? ` (${row.url})` : ""}${row.body ? `: ${row.body}` : ""}`,
      })),
      // A cell a run reached and judged nothing in, every case errored: said beside the cell, never a metric (it measured nothing).
      ...(evidence?.erroredOnly ?? []).map((row) => ({ name: `${PREFIX}:cell:${row.risk}:${row.use}:erroredOnly`, value: erroredOnlyText(row) })),
      // Why each detector or judge a cell's verdicts rest on needs review, as the card's markdown notes it.
      ...(evidence?.cells ?? []).flatMap((row) =>
        row.needsReview.map((item) => ({ name: `${PREFIX}:cell:${row.risk}:${row.use}:needsReview`, value: `${item.detector}: ${item.why}` })),
      ),
      { name: `${PREFIX}:evidence`, value: evidenceState(evidence, metrics.length) },
      { name: `${PREFIX}:evidence:smokeTestModel`, value: String(evidence?.smokeTestModel ?? false) },
      ...(evidence?.detectors ?? []).map((detector) => ({
        name: `${PREFIX}:detector:${detector.detector}@${detector.version}:accuracy`,
        value: detectorFiguresText({ precision: detector.precision, recall: detector.recall, agreement: detector.accuracy, n: detector.labelledExamples }),
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
        version: componentVersion(front, evidence),
        description: description(model),
        manufacturer: model.developer ? { name: model.developer } : undefined,
        licenses: licenses(model),
        tags: strings(front.tags).length ? strings(front.tags) : undefined,
        pedigree: inheritance
          ? { ancestors: [riskledgerAncestor(inheritance.base)] }
          : typeof front.base_model === "string"
            ? { ancestors: [ancestor(front.base_model)] }
            : undefined,
        modelCard,
        properties: [
          ...(typeof front.base_model === "string" ? [{ name: `${PREFIX}:baseModel`, value: front.base_model }] : []),
          ...model.languages.map((language) => ({ name: `${PREFIX}:language`, value: language })),
          ...model.storageChanges.map((change) => ({ name: `${PREFIX}:storage`, value: `${change.title} ${change.text}`.trim() })),
          ...deploymentDecisionProperties(decisions),
          ...acceptedRiskProperties(acceptedRisks),
        ],
      },
    ],
  };
}

/**
 * One cell's failure rate as measured, with its Wilson interval, and, when its detectors' accuracy
 * is known, the rate corrected for their error with its interval (CORRECTED_INTERVAL_METHOD).
 * Both carry the same slice: the cell the way a CycloneDX reader can split it ("risk=R3;use=U2;..."),
 * then what the figures rest on: n, verdict, the detectors and judges behind it that need review, the detector accuracy the correction used (or
 * "unknown"), revision, date, smoke-test flag, what an endpoint said it served, the model judges whose verdicts counted and what
 * their endpoints said they served, and for a run
 * imported from another tool the tool,
 * its version, the file and its sha256.
 */
function performanceMetrics(row: AsStored<CellEvidence>): CycloneDxPerformanceMetric[] {
  const accuracy = row.detectorAccuracy;
  const facts = [
    `risk=${row.risk}`,
    `use=${row.use}`,
    `n=${row.n}`,
    `failures=${row.failures}`,
    ...(row.overrides ? [`overriddenVerdicts=${row.overrides}`] : []),
    ...(row.errors ? [`erroredCases=${row.errors}`] : []),
    `threshold=${row.threshold}`,
    `verdict=${labelAsStored(verdictLabel, row.verdict)}`,
    ...(row.needsReview.length ? [`needsReview=${row.needsReview.map((item) => item.detector.replace(/[;,]/g, "_")).join(",")}`] : []),
    `stale=${row.stale}`,
    `smokeTestModel=${row.smokeTest}`,
    `modelRevision=${row.modelRevision}`,
    `backend=${row.backend ?? "unknown"}`,
    ...(row.backend === "openai" && row.servedModel ? [`servedModel=${row.servedModel.replace(/;/g, ",")}`] : []),
    ...(row.judge ? [`judge=${row.judge.replace(/;/g, ",")}`] : []),
    ...(row.judgeServedModel ? [`judgeServedModel=${row.judgeServedModel.replace(/;/g, ",")}`] : []),
    `date=${row.date ?? "unknown"}`,
    `campaign=${row.campaign.replace(/;/g, ",")}`,
    ...(row.importedFrom
      ? [
          `tool=${row.importedFrom.tool}`,
          `toolVersion=${row.importedFrom.version ?? "unknown"}`,
          `sourceFile=${row.importedFrom.file.replace(/;/g, ",")}`,
          `sourceSha256=${row.importedFrom.sha256}`,
          ...(row.importedFrom.testedModel ? [`testedModel=${row.importedFrom.testedModel.replace(/;/g, ",")}`] : []),
        ]
      : []),
    ...(accuracy
      ? [
          `detectorSensitivity=${decimal(accuracy.sensitivity)}`,
          `detectorSpecificity=${decimal(accuracy.specificity)}`,
          ...(accuracy.detectors?.length ? [`detectors=${accuracy.detectors.join(",")}`] : []),
        ]
      : ["detectorAccuracy=unknown"]),
  ];
  const slice = facts.join(";");
  const raw = {
    type: "failure rate",
    value: decimal(failureRate(row)),
    slice,
    confidenceInterval: { lowerBound: decimal(row.wilson.lower), upperBound: decimal(row.wilson.upper) },
  };
  if (row.correctedRate == null || !row.correctedInterval) return [raw];
  return [
    raw,
    {
      type: `failure rate corrected for detector error: ${CORRECTED_INTERVAL_METHOD}`,
      value: decimal(row.correctedRate),
      slice,
      confidenceInterval: { lowerBound: decimal(row.correctedInterval.lower), upperBound: decimal(row.correctedInterval.upper) },
    },
  ];
}

/**
 * The parameters the official ML-BOM example fills. A card with a base model is a fine-tune
 * (supervised on instruction data); one without is taken as pretrained (self-supervised). The
 * app's engine runs Llama graphs only, so a Llama base model names LlamaForCausalLM.
 */
function modelParameters(front: Record<string, unknown>): CycloneDxModelCard["modelParameters"] {
  const task = typeof front.pipeline_tag === "string" ? front.pipeline_tag : undefined;
  const baseModel = typeof front.base_model === "string" ? front.base_model : undefined;
  const text = task === undefined || /^text|generation|conversational/.test(task);
  return {
    approach: { type: baseModel ? "supervised" : "self-supervised" },
    task,
    architectureFamily: "transformer",
    modelArchitecture: baseModel && /llama/i.test(baseModel) ? "LlamaForCausalLM" : baseModel,
    datasets: strings(front.datasets).map((name) => ({ type: "dataset", name })),
    inputs: text ? [{ format: "string" }] : undefined,
    outputs: text ? [{ format: "string" }] : undefined,
  };
}

/**
 * The revision the evidence was measured on when it is one; otherwise the Hub revision named in the
 * front matter. The generated smoke-test model's revision is not the model's, nor is stale evidence's
 * (made before the model, suite, detectors or settings changed), so neither counts.
 */
function componentVersion(front: Record<string, unknown>, evidence: AsStored<CardEvidence> | undefined): string {
  const measured = (evidence?.cells ?? []).filter((row) => !row.smokeTest && !row.stale && row.modelRevision !== UNKNOWN_REVISION);
  const revisions = [...new Set(measured.map((row) => row.modelRevision))];
  if (revisions.length === 1) return revisions[0];
  return typeof front.revision === "string" ? front.revision : "main";
}

/** The card's description sentence announces the storage changes ("...with the following changes:"): list them after it. */
function description(model: Card["model"]): string {
  const changes = model.storageChanges.map((change) => `- ${change.title}${change.text ? ` ${change.text}` : ""}`);
  return [model.description, ...changes].join("\n");
}

/** A short licence name with its URL from the Hub keys (`license_name`, `license_link`); the card's sentence otherwise. */
function licenses(model: Card["model"]): CycloneDxBom["components"][number]["licenses"] {
  const front = model.frontMatter;
  const name =
    typeof front.license_name === "string"
      ? front.license_name
      : typeof front.license === "string" && front.license !== "other"
        ? front.license
        : model.license;
  if (!name) return undefined;
  const url = typeof front.license_link === "string" ? front.license_link : undefined;
  return [{ license: url ? { name, url } : { name } }];
}

function ancestor(repo: string): CycloneDxAncestor {
  const slash = repo.indexOf("/");
  const [group, name] = slash > 0 ? [repo.slice(0, slash), repo.slice(slash + 1)] : [undefined, repo];
  return { type: "machine-learning-model", "bom-ref": `model:${repo}`, ...(group ? { group } : {}), name, purl: `pkg:huggingface/${repo}` };
}

function riskledgerAncestor(base: AsStored<CardInheritance>["base"]): CycloneDxAncestor {
  const named = base.hubId ? ancestor(base.hubId) : { type: "machine-learning-model" as const, name: base.name };
  return {
    ...named,
    "bom-ref": `model:${base.slug}`,
    ...(base.revision ? { version: base.revision } : {}),
    properties: [
      { name: `${PREFIX}:model`, value: base.slug },
      { name: `${PREFIX}:modelName`, value: base.name },
      ...(base.release !== null ? [{ name: `${PREFIX}:cardRelease`, value: `v${base.release}` }] : []),
    ],
  };
}

/** As the card's evidence table reads: a smoke test only when every measured cell is one. */
function evidenceState(evidence: AsStored<CardEvidence> | undefined, metrics: number): string {
  const cells = evidence?.cells ?? [];
  if (!metrics) return "untested";
  if (cells.every((row) => row.smokeTest)) return "smoke test on the generated tiny model";
  return cells.some((row) => row.smokeTest) ? "measured; some cells on the generated tiny model only (smoke test)" : "measured";
}

function decimal(value: number): string {
  return String(Number(value.toFixed(6)));
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}
