// Where a published release is read: its markdown's model-index and its .eval_results file name it
// as the source of every result, so a reader on the Hub can follow a figure back to its release.
import type { EvalResultsSource } from "../card/hub-eval-results";

/**
 * The app's public address (BETTER_AUTH_URL, lib/auth/auth.ts), which a release records as its
 * `sourceOrigin` when it is published. Without one the app knows no address of its own: "", and
 * the source is the release page's path on whatever host serves it.
 */
export function appOrigin(): string {
  return (process.env.BETTER_AUTH_URL ?? "").replace(/\/+$/, "");
}

export function releaseSource(slug: string, modelName: string, version: number, origin: string): EvalResultsSource {
  return { name: `Riskledger release v${version} of ${modelName}`, url: `${origin}/models/${slug}/releases/${version}` };
}
