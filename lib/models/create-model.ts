// A new model, three ways: blank (its risks and uses added afterwards), from another model as a
// template (its uses, risks and their mitigations copied; every cell not assessed, no evidence),
// or from an uploaded model card markdown read by the card importer. An uploaded card is shown
// first, written only when confirmed: what it holds, what the importer warned about, and how it
// differs from the model it is compared with. The slug must be new: creating never overwrites.
// An uploaded card brings its judgements but not its approvals (lib/card/card-approvals.ts):
// creating a model is a reviewer's act, so a cell the card marks approved or accepted arrives in review.
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { describeApprovalsInReview, withApprovalsInReview } from "../card/card-approvals";
import { cardFromDb } from "../card/card-from-db";
import { diffCards, type CardDifference } from "../card/diff-cards";
import { writeCard } from "../card/import-card";
import { CardFormatError, parseCardMarkdown } from "../card/parse-markdown";
import { modelFactsSchema, modelName, type Card } from "../card/schema";
import { SOURCE_LIMITS } from "../card/source-limits";
import { defineCommand, invalidInput, type InvalidInput } from "../commands/define-command";
import type { DbTransaction } from "../db/types";

const slug = modelFactsSchema.shape.slug;
const name = z.string().trim().pipe(modelName);

export const createModelSchema = z.discriminatedUnion("from", [
  z.object({ from: z.literal("blank"), slug, name }),
  z.object({ from: z.literal("template"), slug, name, template: slug }),
  z.object({
    from: z.literal("card"),
    slug,
    // In characters, at the reader's limit in KB: whatever is past it is refused with the limit the reader states.
    markdown: z
      .string()
      .min(1, "the uploaded card is empty")
      .max(SOURCE_LIMITS.kilobytes * 1024, `a model card is at most ${SOURCE_LIMITS.kilobytes} KB`),
    /** The model the preview compares the uploaded card with. */
    compareWith: slug.optional(),
    /** False: show what would be created and write nothing. */
    confirm: z.boolean().default(false),
  }),
]);

export interface CardPreview {
  name: string;
  counts: { risks: number; uses: number; cells: number; mitigations: number };
  risks: { code: string; title: string }[];
  uses: { code: string; purpose: string }[];
  warnings: string[];
  /** Against `compareWith`, when given: what the uploaded card says differently. */
  comparedWith: string | null;
  differences: CardDifference[];
}

export type CreateModelResult =
  | { ok: true; created: true; slug: string }
  | { ok: true; created: false; preview: CardPreview }
  | InvalidInput
  | { ok: false; kind: "exists"; message: string }
  | { ok: false; kind: "not_found"; message: string };

export const createModel = defineCommand({
  name: "model.create",
  doing: "creating a model",
  role: "REVIEWER",
  schema: createModelSchema,
  audit: ["model.create"],
  async run(db, actor, input): Promise<CreateModelResult> {
    // /models/new is the page that creates one.
    if (input.slug === "new") return invalidInput([{ path: "slug", message: '"new" names the page that creates a model: choose another slug' }]);
    if (await db.model.findUnique({ where: { slug: input.slug }, select: { id: true } })) {
      return { ok: false, kind: "exists", message: `a model "${input.slug}" exists already: choose another slug (creating never overwrites a model)` };
    }
    let card: Card;
    let warnings: string[] = [];
    if (input.from === "card") {
      try {
        const parsed = parseCardMarkdown(input.markdown, input.slug);
        const approvals = withApprovalsInReview(parsed.card, []);
        card = approvals.card;
        warnings = approvals.inReview.length > 0 ? [...parsed.warnings, describeApprovalsInReview(approvals.inReview)] : parsed.warnings;
      } catch (error) {
        if (error instanceof CardFormatError) return invalidInput([{ path: "markdown", message: error.message }]);
        throw error;
      }
      if (!input.confirm) {
        const compared = input.compareWith ? await cardFromDb(db, input.compareWith) : null;
        if (input.compareWith && !compared) return { ok: false, kind: "not_found", message: `no model ${input.compareWith} to compare with` };
        return { ok: true, created: false, preview: previewOf(card, warnings, compared) };
      }
    } else if (input.from === "template") {
      const template = await cardFromDb(db, input.template);
      if (!template) return { ok: false, kind: "not_found", message: `no model ${input.template} to use as a template` };
      card = fromTemplate(template, input.slug, input.name);
    } else {
      card = blank(input.slug, input.name);
    }
    return db.$transaction(
      async (tx) => {
        const modelId = card.risks.length || card.uses.length ? (await writeCard(tx, card, actor)).modelId : await createBare(tx, card);
        await recordAuditEvent(tx, actor, {
          action: "model.create",
          entityType: "Model",
          entityId: modelId,
          after: {
            from: input.from,
            ...(input.from === "template" ? { template: input.template } : {}),
            risks: card.risks.length,
            uses: card.uses.length,
            warnings,
          },
        });
        return { ok: true, created: true, slug: input.slug } as const;
      },
      { timeout: 60_000 },
    );
  },
});

function blank(slugValue: string, nameValue: string): Card {
  return {
    model: {
      slug: slugValue,
      name: nameValue,
      description: "",
      storageChanges: [],
      developer: "",
      modelType: "",
      languages: [],
      library: "",
      license: "",
      contact: "",
      trainingData: "",
      intendedUses: "",
      frontMatter: {},
    },
    uses: [],
    risks: [],
    cells: [],
    claimedCounts: null,
  };
}

/** The template's uses, risks and mitigations; none of its judgements, which belong to its own model. */
function fromTemplate(template: Card, slugValue: string, nameValue: string): Card {
  return {
    ...blank(slugValue, nameValue),
    uses: template.uses,
    risks: template.risks,
    cells: template.risks.flatMap((risk) =>
      template.uses.map((use) => ({
        risk: risk.code,
        use: use.code,
        applies: "NOT_ASSESSED" as const,
        subjectAtRisk: null,
        likelihood: null,
        severity: null,
        rationale: "",
        reviewStatus: "DRAFT" as const,
        mitigationStatus: {},
      })),
    ),
  };
}

async function createBare(tx: DbTransaction, card: Card): Promise<string> {
  const { slug: slugValue, ...facts } = card.model;
  const model = await tx.model.create({ data: { slug: slugValue, ...facts, frontMatter: {} } });
  return model.id;
}

function previewOf(card: Card, warnings: string[], compared: Card | null): CardPreview {
  return {
    name: card.model.name,
    counts: {
      risks: card.risks.length,
      uses: card.uses.length,
      cells: card.cells.length,
      mitigations: new Set(card.risks.flatMap((risk) => risk.mitigations)).size,
    },
    risks: card.risks.map(({ code, title }) => ({ code, title })),
    uses: card.uses.map(({ code, purpose }) => ({ code, purpose })),
    warnings,
    comparedWith: compared?.model.slug ?? null,
    // The slug always differs; what is compared is the card's content.
    differences: compared ? diffCards({ ...compared, model: { ...compared.model, slug: card.model.slug } }, card) : [],
  };
}
