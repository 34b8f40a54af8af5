// Which risks each safety classifier's categories are evidence for: content/judges/category-risks.yaml
// (it says how to read it), read through one schema and checked against the classifiers' own
// categories, so a category a classifier can answer with never lands on no risk by omission.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { contentDir } from "../../content/paths";
import { withLfLineEnds } from "../../content/yaml-content";
import { utf8FileText } from "../../imports/utf8-text";
import type { Classifier } from "./classifier";
import { byCodeNumber } from "../../domain/cell-key";

export const DEFAULT_CATEGORY_RISKS_FILE = path.join(contentDir, "judges", "category-risks.yaml");

/** One classifier's section: each category it can answer with, by its code, and the risks it is evidence for. */
export const classifierCategoryRisksSchema = z.record(
  z.string().min(1),
  z
    .object({
      name: z.string().min(1),
      risks: z.array(z.string().regex(/^R\d+$/, "a risk code such as R7")),
    })
    .strict(),
);
export type ClassifierCategoryRisks = z.infer<typeof classifierCategoryRisksSchema>;

export const categoryRisksSchema = z.record(z.string().min(1), classifierCategoryRisksSchema);
export type CategoryRisks = z.infer<typeof categoryRisksSchema>;

export class CategoryRisksError extends Error {
  constructor(file: string, problems: string[]) {
    super(`${file}: ${problems.join("; ")}`);
    this.name = "CategoryRisksError";
  }
}

/** The mapping in `text`, refused unless each of `classifiers` has exactly its own categories there. */
export function parseCategoryRisks(text: string, file: string, classifiers: readonly Classifier[]): CategoryRisks {
  let document: unknown;
  try {
    document = parseYaml(withLfLineEnds(text));
  } catch (error) {
    throw new CategoryRisksError(file, [`YAML: ${(error as Error).message.split("\n")[0]}`]);
  }
  const parsed = categoryRisksSchema.safeParse(document ?? {});
  if (!parsed.success)
    throw new CategoryRisksError(
      file,
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "(mapping)"}: ${issue.message}`),
    );
  const problems: string[] = [];
  for (const classifier of classifiers) {
    const mapped = Object.keys(parsed.data[classifier.name] ?? {});
    const own = Object.keys(classifier.categories);
    for (const code of own.filter((code) => !mapped.includes(code))) problems.push(`${classifier.name}.${code}: not mapped (an empty list says "no risk")`);
    for (const code of mapped.filter((code) => !own.includes(code))) problems.push(`${classifier.name}.${code}: ${classifier.name} has no such category`);
  }
  if (problems.length > 0) throw new CategoryRisksError(file, problems);
  return parsed.data;
}

export function loadCategoryRisks(classifiers: readonly Classifier[], file = DEFAULT_CATEGORY_RISKS_FILE): CategoryRisks {
  return categoryRisksOfBytes(readFileSync(/*turbopackIgnore: true*/ file), file, classifiers);
}

/** The mapping in a file's bytes, as parseCategoryRisks refuses or reads it. */
export function categoryRisksOfBytes(bytes: Buffer, file: string, classifiers: readonly Classifier[]): CategoryRisks {
  // Read as UTF-8, a byte saved in another encoding would be U+FFFD in a category's name without a word.
  const read = utf8FileText(bytes);
  if ("notUtf8" in read) throw new CategoryRisksError(file, [`line ${read.notUtf8.line}, column ${read.notUtf8.column}: ${read.notUtf8.problem}`]);
  return parseCategoryRisks(read.text, file, classifiers);
}

/** The risks, in card order, that a classifier's verdict in `categories` is evidence for. */
export function risksForCategories(mapping: CategoryRisks, classifier: string, categories: readonly string[]): string[] {
  const risks = new Set(categories.flatMap((code) => mapping[classifier]?.[code]?.risks ?? []));
  return [...risks].sort(byCodeNumber);
}
