// The card as data: what the markdown importer produces, what the exporter renders, and the
// JSON export. One schema, shared by import, export, the API and the tests.
import { z } from "zod";
import { freeText } from "../domain/free-text";
import { namedEnum } from "../domain/named-enum";
import { APPLIES, HARM_AREAS, MITIGATION_STATUSES, REVIEW_STATUSES, RISK_TYPES, SUBJECTS_AT_RISK } from "../domain/vocabulary";

// The card's closed sets, shared by the card, the cell editor and the risk commands.
export const riskTypeSchema = namedEnum("the risk type", RISK_TYPES);
export const harmAreaSchema = namedEnum("the harm area", HARM_AREAS);
export const appliesSchema = namedEnum("whether the risk applies", APPLIES);
export const subjectAtRiskSchema = namedEnum("the subject at risk", SUBJECTS_AT_RISK);
export const reviewStatusSchema = namedEnum("the review status", REVIEW_STATUSES);
export const mitigationStatusSchema = namedEnum("a mitigation's status", MITIGATION_STATUSES);

export const riskCode = z.string().regex(/^R\d{1,3}$/, "a risk code looks like R1");
export const useCode = z.string().regex(/^U\d{1,3}$/, "a use code looks like U1");

// The texts a person names a model, a use and a risk with: the card's markdown and the database
// hold them, so a character neither can (freeText) is refused here, by the importer and the edit forms alike.
export const modelName = freeText("the model's name").min(1, "a model needs a name").max(200, "a model's name is limited to 200 characters");
export const riskTitle = freeText("the risk's title").min(1, "a risk needs a title").max(500, "a risk's title is limited to 500 characters");
const factOfUse = (what: string) => freeText(`the use's ${what}`).max(500, `the use's ${what} is limited to 500 characters`);

/** Whether a string anywhere in `value` (a key included) holds NUL: the front matter is stored as JSON, and jsonb refuses it. */
function holdsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value && typeof value === "object") return Object.entries(value).some(([key, entry]) => key.includes("\u0000") || holdsNul(entry));
  return false;
}

export const storageChangeSchema = z.object({
  title: freeText("a storage change's title").min(1).max(500),
  text: freeText("a storage change's text").max(5000),
});

export const modelFactsSchema = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,80}$/, "a slug is lower-case letters, digits and dashes, at most 81 characters, starting with a letter or digit"),
  name: modelName,
  description: freeText("the model's description").max(10000),
  storageChanges: z.array(storageChangeSchema).max(50, "a card lists at most 50 storage changes"),
  developer: freeText("the developer").max(200),
  modelType: freeText("the model type").max(2000),
  languages: z.array(freeText("a language").max(100)).max(200, "a card lists at most 200 languages"),
  library: freeText("the library").max(200),
  license: freeText("the license").max(2000),
  contact: freeText("the contact").max(500),
  trainingData: freeText("the training data section").max(20000),
  intendedUses: freeText("the intended uses section").max(20000),
  /** Front matter keys of the Hugging Face card; unknown keys survive import -> export. */
  frontMatter: z
    .record(z.string(), z.unknown())
    .refine((value) => !holdsNul(value), "the front matter contains a NUL character (\\u0000), which cannot be stored"),
});

export const useSchema = z.object({
  code: useCode,
  purpose: factOfUse("purpose").min(1, "a use needs a purpose"),
  capability: factOfUse("capability"),
  aiUser: factOfUse("AI user"),
  aiSubject: factOfUse("AI subject"),
  domain: factOfUse("domain"),
});

export const riskSchema = z.object({
  code: riskCode,
  title: riskTitle,
  riskType: riskTypeSchema,
  harmArea: harmAreaSchema,
  /** Mitigation texts in the card's order for this risk. */
  mitigations: z.array(freeText("a mitigation").min(1).max(2000)).max(100, "a risk lists at most 100 mitigations"),
});

const scale = z.number().int().min(1, "must be 1 to 5").max(5, "must be 1 to 5");

export const cellSchema = z.object({
  risk: riskCode,
  use: useCode,
  applies: appliesSchema,
  subjectAtRisk: subjectAtRiskSchema.nullable(),
  likelihood: scale.nullable(),
  severity: scale.nullable(),
  rationale: freeText("the rationale").max(10000),
  reviewStatus: reviewStatusSchema,
  mitigationStatus: z.record(z.string(), mitigationStatusSchema),
});

export const cardSchema = z.object({
  model: modelFactsSchema,
  uses: z.array(useSchema).min(1, "a card needs at least one use").max(100, "a card holds at most 100 uses"),
  risks: z.array(riskSchema).min(1, "a card needs at least one risk").max(500, "a card holds at most 500 risks"),
  cells: z.array(cellSchema),
  /** Counts the card's prose claims ("14 potential model risks and 18 mitigation strategies"). */
  claimedCounts: z.object({ risks: z.number().int(), mitigations: z.number().int(), uses: z.number().int() }).nullable(),
});

export type StorageChange = z.infer<typeof storageChangeSchema>;
export type ModelFacts = z.infer<typeof modelFactsSchema>;
export type CardUse = z.infer<typeof useSchema>;
export type CardRisk = z.infer<typeof riskSchema>;
export type CardCell = z.infer<typeof cellSchema>;
export type Card = z.infer<typeof cardSchema>;
