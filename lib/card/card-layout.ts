// The words that structure a card's markdown: section headings and field labels. The importer
// reads them and the exporter writes them, so both name them from here.
import { cellKeyLabel } from "../domain/cell-key";

export const SECTION = {
  description: "Model Description",
  details: "Model Details",
  training: "Training Dataset",
  intendedUses: "Intended Uses",
  summary: "Summary of Model Risks by Example Uses",
  uses: "Details of the Example Uses",
  risks: "Mitigations for Risks",
  cellDetails: "Cell Details",
  acceptedRisks: "Accepted Risks",
  evidence: "Evaluation Evidence",
  deployment: "Deployment Decisions",
} as const;

export const REQUIRED_SECTIONS = [
  SECTION.description,
  SECTION.details,
  SECTION.training,
  SECTION.intendedUses,
  SECTION.summary,
  SECTION.uses,
  SECTION.risks,
] as const;

export const MODEL_DETAIL = {
  developer: "Developed by",
  modelType: "Model type",
  languages: "Language(s)",
  library: "Library",
  license: "License",
  contact: "Contact",
} as const;

export const USE_FIELD = {
  purpose: "Purpose",
  capability: "Capability",
  aiUser: "AI User",
  aiSubject: "AI Subject",
  domain: "Domain",
} as const;

export const RISK_FIELD = { riskType: "Risk type", harmArea: "Harm area" } as const;

export const SUMMARY_HEADER = { code: "Risk", title: "Title" } as const;

export const CELL_DETAILS_HEADER = ["Cell", "Subject at risk", "Review status", "Mitigation status", "Rationale"] as const;

/**
 * The summary sentence, claims and all; the exporter fills it from counts of the data. A count starts
 * where its digits do: begun again at each digit, a paragraph of n digits was read n times over.
 */
export const COUNTS_SENTENCE = /(?<!\d)(\d+)\s+potential model risks and\s+(\d+)\s+mitigation strategies(?:\s*\(M\))?\s+for\s+(\d+)\s+potential model uses/i;

export function countsSentence(risks: number, mitigations: number, uses: number): string {
  return `We identified ${risks} potential model risks and ${mitigations} mitigation strategies (M) for ${uses} potential model uses`;
}

export const MARK_LEGEND =
  'Each cell reads: whether the risk applies to the use (yes, no or not assessed), then, once rated, likelihood and severity from 1 to 5, then the level they give (low, medium, high, critical; unrated until both are set), as in "yes · L3×S4 · high".';

/** "R3×U2" (lib/domain/cell-key.ts): how a cell is named in the cell details table; "R3 x U2" is read too. */
export const CELL_NAME = /^(R\d+)\s*[×x]\s*(U\d+)$/i;
export const cellName = cellKeyLabel;

/** "M2 implemented": a risk's second mitigation and its status, in the cell details table. */
export const MITIGATION_REF = /^M(\d+)\s*:?\s*(.+)$/i;
