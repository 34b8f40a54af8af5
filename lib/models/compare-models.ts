// Two models side by side: the risks and uses of both, aligned by code (R3 beside R3, U2 beside
// U2), and for each cell both judgements and both evidence words, read through the same matrix view
// as each model's own page. A code only one model has shows as absent on the other side. Where both
// sides' current evidence is a campaign's, the cell is compared paired when the suites are one
// (paired-cells.ts), and says they differ when not. Either side's evidence made by the generated
// smoke-test model is marked, and so is a pairing resting on it.
import { z } from "zod";
import type { Db } from "../db/types";
import { modelSlugRef } from "../domain/record-id";
import { loadMatrix } from "../matrix/load-matrix";
import type { CellView } from "../matrix/cell-view";
import { byCodeNumber, cellKeySlug } from "../domain/cell-key";
import { type CampaignCell, type CellPairing, pairCells } from "./paired-cells";

export interface ComparedCell {
  risk: string;
  use: string;
  a: CellView | null;
  b: CellView | null;
  /** The evidence words differ (or one side has no such cell). */
  differs: boolean;
  /** Both sides measured by a campaign: paired on their shared runs, or why not; null otherwise. */
  pairing: CellPairing | null;
  /** Either side's current evidence came from the generated tiny model, so its figures and any pairing of them do too. */
  smokeTest: boolean;
}

export interface ModelComparison {
  a: { slug: string; name: string };
  b: { slug: string; name: string };
  risks: { code: string; titleA: string | null; titleB: string | null }[];
  uses: { code: string; purposeA: string | null; purposeB: string | null }[];
  cells: ComparedCell[];
}

/** A side of the comparison as the page's URL names it: a parameter given twice counts by its first, and anything else names no model. */
const comparedSide = z.preprocess((value) => (Array.isArray(value) ? value[0] : value), modelSlugRef.optional()).catch(undefined);

/** The two models the comparison page's URL names (`?a=stable-beluga-2&b=llama-2-70b`). */
export const comparedModelsSchema = z.object({ a: comparedSide, b: comparedSide });

export async function compareModels(db: Db, slugA: string, slugB: string): Promise<ModelComparison | null> {
  const [a, b] = await Promise.all([loadMatrix(db, slugA), loadMatrix(db, slugB)]);
  if (!a || !b) return null;
  const riskCodes = [...new Set([...a.risks, ...b.risks].map((risk) => risk.code))].sort(byCodeNumber);
  const useCodes = [...new Set([...a.uses, ...b.uses].map((use) => use.code))].sort(byCodeNumber);
  const riskOf = (side: typeof a, code: string) => side.risks.find((risk) => risk.code === code) ?? null;
  const cells = riskCodes.flatMap((risk) =>
    useCodes.map((use): ComparedCell => {
      const left = riskOf(a, risk)?.cells[use] ?? null;
      const right = riskOf(b, risk)?.cells[use] ?? null;
      return {
        risk,
        use,
        a: left,
        b: right,
        differs: left?.evidence.status !== right?.evidence.status || left?.applies !== right?.applies,
        pairing: null,
        smokeTest: !!(left?.evidence.smokeTest || right?.evidence.smokeTest),
      };
    }),
  );
  const measured = cells.flatMap((cell): CampaignCell[] => {
    const [first, second] = [cell.a?.evidence.campaignId, cell.b?.evidence.campaignId];
    return first && second ? [{ risk: cell.risk, use: cell.use, firstCampaignId: first, secondCampaignId: second }] : [];
  });
  const pairings = await pairCells(db, measured);
  for (const cell of cells) cell.pairing = pairings.get(cellKeySlug(cell.risk, cell.use)) ?? null;
  return {
    a: { slug: a.model.slug, name: a.model.name },
    b: { slug: b.model.slug, name: b.model.name },
    risks: riskCodes.map((code) => ({ code, titleA: riskOf(a, code)?.title ?? null, titleB: riskOf(b, code)?.title ?? null })),
    uses: useCodes.map((code) => ({
      code,
      purposeA: a.uses.find((use) => use.code === code)?.purpose ?? null,
      purposeB: b.uses.find((use) => use.code === code)?.purpose ?? null,
    })),
    cells,
  };
}
