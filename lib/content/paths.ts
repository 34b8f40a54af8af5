// Where content/ and data/ live. npm scripts, the CLI and `next start` all run from the
// repository root; a bundled server file cannot find it from its own URL.
import path from "node:path";

export const repoRoot = process.env.RISKLEDGER_ROOT ?? process.cwd();
export const contentDir = path.join(repoRoot, "content");
export const defaultModelSlug = "stable-beluga-2";
export const tinyModelDir = path.join(/*turbopackIgnore: true*/ repoRoot, "models", "tiny-beluga");

export function cardSourcePath(slug: string): string {
  return path.join(contentDir, "models", slug, "card.md");
}
