// What a fine-tune's card says it inherits (lib/inheritance/load-inheritance.ts): its base model
// with the base's Riskledger ref, revision and newest release; the base's risks it has no row for;
// and the base's evidence on its cells with none of their own, each row written as the card's own
// evidence rows are but kept apart from them and marked "inherited, not re-tested", so no reader
// of the card's evidence (gate, model-index, CycloneDX metrics) takes it for the fine-tune's.
import { z } from "zod";
import { HARM_AREAS, RISK_TYPES } from "../domain/vocabulary";
import { INHERITED_NOT_RETESTED, SMOKE_TEST_MODEL, smokeTestMeaning } from "../matrix/evidence-status";
import type { RootContent } from "mdast";
import { cellKeyLabel } from "../domain/cell-key";
import { RUN_DATE_UNKNOWN } from "../evidence/imported-source";
import { type CellEvidence, cellEvidenceSchema, failureRate, percent, percentInterval, verdictText } from "./evidence";
import { heading, list, paragraph, strong, table, text } from "./mdast-builders";
import { type Card, modelFactsSchema, riskCode } from "./schema";

const BASE_MODEL_KEY = "base_model";

export const cardInheritanceSchema = z.object({
  base: z.object({
    slug: modelFactsSchema.shape.slug,
    name: z.string().min(1),
    /** Its Hugging Face repo id, when its front matter names one. */
    hubId: z.string().nullable(),
    revision: z.string().nullable(),
    /** Its newest published card release, when it has one. */
    release: z.number().int().nullable(),
  }),
  marked: z.literal(INHERITED_NOT_RETESTED),
  risks: z.array(z.object({ code: riskCode, title: z.string().min(1), riskType: z.enum(RISK_TYPES), harmArea: z.enum(HARM_AREAS) })),
  /** The base's evidence, by risk then use number. */
  evidence: z.array(cellEvidenceSchema),
});

export type CardInheritance = z.infer<typeof cardInheritanceSchema>;

/**
 * The card with its front matter's `base_model` naming the base set in Riskledger: the base's
 * Hugging Face id when its card names one, else its name. Without a base, the card as written.
 */
export function withBaseModel(card: Card, inheritance: CardInheritance | undefined): Card {
  if (!inheritance) return card;
  return { ...card, model: { ...card.model, frontMatter: { ...card.model.frontMatter, [BASE_MODEL_KEY]: writtenBaseModel(inheritance.base) } } };
}

/** The front matter's `base_model` for a base set in Riskledger. */
function writtenBaseModel(base: { hubId: string | null; name: string }): string {
  return base.hubId ?? base.name;
}

/**
 * The card as its source states it, when the model's base is set in Riskledger: a `base_model` equal
 * to the one the export writes is the export's, so the stored front matter's (or its absence) stands.
 * Any other `base_model` is the source's, and shows as a difference.
 */
export function withoutWrittenBaseModel(card: Card, stored: Card, base: { hubId: string | null; name: string } | null): Card {
  if (!base || card.model.frontMatter[BASE_MODEL_KEY] !== writtenBaseModel(base)) return card;
  const { [BASE_MODEL_KEY]: _, ...frontMatter } = card.model.frontMatter;
  const storedBase = stored.model.frontMatter[BASE_MODEL_KEY];
  return {
    ...card,
    model: { ...card.model, frontMatter: storedBase === undefined ? frontMatter : { ...card.model.frontMatter, [BASE_MODEL_KEY]: storedBase } },
  };
}

/** The evidence section's last part on a fine-tune's card: its base, the risks it inherits, and the base's evidence, marked. */
export function inheritanceSection(modelName: string, inheritance: CardInheritance): RootContent[] {
  const { base } = inheritance;
  const nodes: RootContent[] = [
    heading(3, `Inherited from ${base.name}`),
    paragraph([
      text(
        `${modelName} is a fine-tune of ${base.name}${base.hubId ? ` (${base.hubId})` : ""}. What follows was measured on ${base.name}, not on ${modelName}: `,
      ),
      strong(INHERITED_NOT_RETESTED),
      text(
        `. It backs none of ${modelName}'s verdicts, gates or deploy decisions; a cell listed above as untested stays untested until ${modelName} is tested.`,
      ),
    ]),
  ];
  if (inheritance.risks.length) {
    nodes.push(
      paragraph([text(`Risks of ${base.name} that ${modelName} has no row of its own for:`)]),
      list(inheritance.risks.map((risk) => [text(`${risk.code} ${risk.title}`)])),
    );
  }
  if (!inheritance.evidence.length) {
    nodes.push(paragraph([text(`No evidence of ${base.name} covers a cell ${modelName} has no evidence of its own for.`)]));
    return nodes;
  }
  if (inheritance.evidence.some((row) => row.smokeTest)) {
    nodes.push(paragraph([strong("Smoke test only."), text(` ${smokeTestMeaning(base.name)}`)]));
  }
  nodes.push(
    table(
      ["Cell", "n", "Failures", "Failure rate (Wilson 95%)", "Threshold", `Verdict on ${base.name}`, "Revision", "Date", "Marked"],
      inheritance.evidence.map((row: CellEvidence) => [
        cellKeyLabel(row.risk, row.use),
        String(row.n),
        String(row.failures),
        `${percent(failureRate(row))} (${percentInterval(row.wilson)})`,
        percent(row.threshold),
        verdictText(row),
        row.modelRevision.slice(0, 12),
        row.date?.slice(0, 10) ?? RUN_DATE_UNKNOWN,
        row.smokeTest ? `${INHERITED_NOT_RETESTED}; ${SMOKE_TEST_MODEL}` : INHERITED_NOT_RETESTED,
      ]),
    ),
  );
  return nodes;
}
