// A framework view of a model as a download: markdown or CSV, named after the model and framework.
import type { Db } from "../db/types";
import { loadFrameworks } from "./crosswalk";
import { frameworkCsv, frameworkMarkdown } from "./framework-export";
import { loadFrameworkView } from "./framework-view";

export const FRAMEWORK_FORMATS = ["md", "csv"] as const;
export type FrameworkFormat = (typeof FRAMEWORK_FORMATS)[number];

const contentType: Record<FrameworkFormat, string> = { md: "text/markdown; charset=utf-8", csv: "text/csv; charset=utf-8" };

/** Null for an unknown model or framework. */
export async function frameworkFile(db: Db, slug: string, key: string, format: FrameworkFormat, at = new Date()) {
  const framework = loadFrameworks().find((found) => found.framework === key);
  const view = framework && (await loadFrameworkView(db, slug, framework));
  if (!view) return null;
  return {
    body: format === "md" ? frameworkMarkdown(view, at) : frameworkCsv(view),
    contentType: contentType[format],
    filename: `${slug}-${key}.${format}`,
  };
}
