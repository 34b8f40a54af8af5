"use server";
// The releases page's server action: run the command (it parses and checks the role), return its result.
import { revalidatePath } from "next/cache";
import { publishRelease } from "@/lib/releases/publish-release";
import { runAsSignedIn } from "@/lib/commands/run-in-request";

type Published = Extract<Awaited<ReturnType<typeof publishRelease>>, { ok: true }>;
type Refused = Exclude<Awaited<ReturnType<typeof publishRelease>>, { ok: true }>;

/**
 * A published release comes back as its version and digest only: the form needs no more, and the
 * whole release (markdown, JSON, BOM, .eval_results) would be sent to the browser for nothing.
 */
export async function publishReleaseAction(input: unknown): Promise<Refused | { ok: true; release: Pick<Published["release"], "version" | "sha256"> }> {
  const result = await runAsSignedIn(publishRelease, input);
  if (!result.ok) return result;
  revalidatePath("/models/[slug]/releases", "page");
  return { ok: true, release: { version: result.release.version, sha256: result.release.sha256 } };
}
