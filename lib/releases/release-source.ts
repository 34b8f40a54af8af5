// Where a published release is read: its markdown's model-index and its .eval_results file name it
// as the source of every result, so a reader on the Hub can follow a figure back to its release.
import type { EvalResultsSource } from "../card/hub-eval-results";

export function releaseSource(slug: string, modelName: string, version: number): EvalResultsSource {
  // BETTER_AUTH_URL is the app's public address (lib/auth/auth.ts). Without one the app knows no
  // address of its own, and the source is the release page's path on whatever host serves it.
  const origin = (process.env.BETTER_AUTH_URL ?? "").replace(/\/+$/, "");
  return { name: `Riskledger release v${version} of ${modelName}`, url: `${origin}/models/${slug}/releases/${version}` };
}
