// The card in its download formats: model-card markdown, the JSON snapshot, the CycloneDX ML-BOM
// and the Hub's .eval_results file. The live card's routes, the CLI and a release's downloads all
// go through here, so a format is rendered the same way wherever it is asked for.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cardToCycloneDx } from "../card/cyclonedx";
import { cardFromDb } from "../card/card-from-db";
import { withBidiControlsEscaped } from "../domain/bidi-controls";
import { withBaseModel } from "../card/card-inheritance";
import { loadCardInheritance } from "../card/load-card-inheritance";
import { type EvalResultsSource, evalResultsYaml } from "../card/hub-eval-results";
import { loadCardEvidence } from "../card/load-card-evidence";
import { loadAcceptedRisks } from "../card/accepted-risks";
import { loadSelfApprovals, selfApprovalProperties } from "../card/self-approvals";
import { renderCardMarkdown } from "../card/render-markdown";
import { newPace } from "../card/pace";
import { pacedJson, pacedJsonParts } from "../card/paced-json";
import { cardDecisionsOf } from "../deploy-decisions/card-decisions";
import { loadDeployDecisions } from "../deploy-decisions/load-deploy-decisions";
import type { Db, DbTransaction } from "../db/types";
import { inOneRead } from "../db/one-read";
import { loadHoldoutVerdicts } from "../detectors/holdout-verdicts";
import { labelledOutputsPath } from "../detectors/labelled-outputs";
import type { CardFormat } from "./card-formats";
import { type ReleaseSnapshot, type StoredSnapshot, snapshotJson } from "./release-snapshot";

export interface CardFile {
  body: string;
  contentType: string;
  filename: string;
}

const formatFile: Record<CardFormat, { extension: string; contentType: string }> = {
  md: { extension: "md", contentType: "text/markdown; charset=utf-8" },
  json: { extension: "json", contentType: "application/json; charset=utf-8" },
  cdx: { extension: "cdx.json", contentType: "application/vnd.cyclonedx+json; charset=utf-8" },
  // For the model repo's .eval_results/ folder.
  eval: { extension: "eval_results.yaml", contentType: "application/yaml; charset=utf-8" },
};

export interface LiveCard {
  snapshot: ReleaseSnapshot;
  /** Cells backed by a document, link or attestation rather than a campaign. */
  documentedCells: string[];
}

/** The stored card and its current evidence as one state of the database, or null for an unknown model. */
export async function loadLiveCard(db: Db, slug: string): Promise<LiveCard | null> {
  return (await loadLiveCardWith(db, slug, async () => null)).live;
}

/**
 * The stored card and its current evidence, and what `alongside` reads, all as one state of the
 * database: an edit committed meanwhile is wholly in them or wholly out.
 */
export async function loadLiveCardWith<T>(
  db: Db,
  slug: string,
  alongside: (tx: DbTransaction) => Promise<T>,
): Promise<{ live: LiveCard | null; alongside: T }> {
  // The detectors' verdicts on the labelled holdout, which the evidence's corrected figures use, are
  // taken and stored the first time they are asked for: here, outside the read, since two reads at
  // once would each store them. Once stored they never change, so the read finds them as they are.
  if (existsSync(labelledOutputsPath)) await loadHoldoutVerdicts(db);
  return inOneRead(db, async (tx) => ({ alongside: await alongside(tx), live: await readLiveCard(tx, slug) }));
}

async function readLiveCard(db: DbTransaction, slug: string): Promise<LiveCard | null> {
  const [card, loaded, decisions, inheritance, acceptedRisks, selfApprovals] = await Promise.all([
    cardFromDb(db, slug),
    loadCardEvidence(db, slug),
    loadDeployDecisions(db, slug),
    loadCardInheritance(db, slug),
    loadAcceptedRisks(db, slug),
    loadSelfApprovals(db, slug),
  ]);
  if (!card || !loaded || !decisions) return null;
  return {
    snapshot: {
      card: withBaseModel(card, inheritance ?? undefined),
      evidence: loaded.evidence,
      decisions: cardDecisionsOf(decisions),
      ...(inheritance ? { inheritance } : {}),
      ...(acceptedRisks.length ? { acceptedRisks } : {}),
      ...(selfApprovals ? { selfApprovals } : {}),
    },
    documentedCells: loaded.documentedCells,
  };
}

/** The live card as a download named after the model, e.g. stable-beluga-2-card.cdx.json. */
export async function liveCardFile(db: Db, slug: string, format: CardFormat): Promise<CardFile | null> {
  const live = await loadLiveCard(db, slug);
  return live && (await renderCardFile(live.snapshot, format, `${slug}-card`));
}

/** `source` names the release the file belongs to, which the markdown and the eval results cite. */
export async function renderCardFile(snapshot: ReleaseSnapshot, format: CardFormat, name: string, source?: EvalResultsSource): Promise<CardFile> {
  return cardFile(format, name, await renderCardBody(snapshot, format, source));
}

/** A file of `format` named `name` plus the format's extension. */
export function cardFile(format: CardFormat, name: string, body: string): CardFile {
  return { body, contentType: formatFile[format].contentType, filename: `${name}.${formatFile[format].extension}` };
}

// Rendering the Stable Beluga 2 card as markdown takes ~80 ms of the one server thread, and every
// card page asks for it. The body is a pure function of the snapshot (plain JSON data, the same that
// a release stores), the format and the source, so the last few bodies are kept under the sha256 of
// that JSON: a changed cell, evidence row or decision changes the key, so nothing needs
// invalidating. A body is kept while it is rendered too, so requests for the same card at once share
// one rendering. The JSON of a large card is tens of megabytes: it is written with turns for others
// and hashed a part at a time, never kept.
const BODIES_KEPT = 8;
const bodies = new Map<string, Promise<string>>();

export function renderCardBody(snapshot: ReleaseSnapshot, format: CardFormat, source?: EvalResultsSource): Promise<string> {
  return keptBody(snapshot, format, source, () => renderBody(snapshot, format, source));
}

/**
 * The BOM or the .eval_results file of a release's stored JSON, which may hold a value a closed set
 * has dropped since its publication: written as it was stored.
 */
export function renderStoredBody(snapshot: StoredSnapshot, format: "cdx" | "eval", source?: EvalResultsSource): Promise<string> {
  return keptBody(snapshot, format, source, () => bomOrEvalResults(snapshot, format, source));
}

async function keptBody(snapshot: StoredSnapshot, format: CardFormat, source: EvalResultsSource | undefined, render: () => Promise<string>): Promise<string> {
  const hash = createHash("sha256").update(`${format}\0${JSON.stringify(source ?? null)}\0`);
  for await (const part of pacedJsonParts(snapshot, newPace())) hash.update(part);
  const key = hash.digest("hex");
  const known = bodies.get(key);
  if (known !== undefined) return known;
  const body = render();
  if (bodies.size >= BODIES_KEPT) bodies.delete(bodies.keys().next().value!);
  bodies.set(key, body);
  // A failed rendering is not kept: the next request tries again.
  body.catch(() => bodies.get(key) === body && bodies.delete(key));
  return body;
}

async function renderBody(snapshot: ReleaseSnapshot, format: CardFormat, source?: EvalResultsSource): Promise<string> {
  const { card, evidence, acceptance, decisions, inheritance, acceptedRisks, selfApprovals } = snapshot;
  if (format === "md") return renderCardMarkdown(card, evidence, source, decisions, inheritance, acceptedRisks, selfApprovals);
  if (format === "json") {
    return snapshotJson({
      card,
      evidence,
      ...(acceptance ? { acceptance } : {}),
      ...(decisions ? { decisions } : {}),
      ...(inheritance ? { inheritance } : {}),
      ...(acceptedRisks ? { acceptedRisks } : {}),
      ...(selfApprovals ? { selfApprovals } : {}),
    });
  }
  return bomOrEvalResults(snapshot, format, source);
}

async function bomOrEvalResults(
  { card, evidence, acceptance, decisions, inheritance, acceptedRisks, selfApprovals }: StoredSnapshot,
  format: "cdx" | "eval",
  source?: EvalResultsSource,
): Promise<string> {
  if (format === "eval") return evalResultsYaml(evidence, source);
  const bom = cardToCycloneDx(card, evidence, decisions, inheritance, acceptedRisks);
  bom.components[0].properties.push(...selfApprovalProperties(selfApprovals));
  // A release published with gaps says so in the BOM too: each accepted gap and the justification.
  if (acceptance) {
    bom.components[0].properties.push(...acceptance.gaps.map((gap) => ({ name: "riskledger:release:acceptedGap", value: gap })), {
      name: "riskledger:release:justification",
      value: acceptance.justification,
    });
  }
  return `${withBidiControlsEscaped(await pacedJson(bom, newPace(), 2))}\n`;
}

/** `attachment` makes the browser save the file under a name that says which card and release it is. */
export function contentDisposition(filename: string): string {
  return `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`;
}
