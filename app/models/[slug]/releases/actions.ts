"use server";
// The releases page's server action: parse with the zod schema, call lib/, return the result.
import { revalidatePath } from "next/cache";
import { currentActor } from "@/lib/auth/current-actor";
import { getDb } from "@/lib/db/client";
import { publishRelease, publishReleaseSchema, type PublishReleaseResult } from "@/lib/releases/publish-release";

export async function publishReleaseAction(input: unknown): Promise<PublishReleaseResult> {
  const parsed = publishReleaseSchema.safeParse(input);
  if (!parsed.success) return { ok: false, kind: "invalid", message: parsed.error.issues.map((issue) => issue.message).join("; ") };
  const result = await publishRelease(getDb(), await currentActor(), parsed.data);
  if (result.ok) revalidatePath(`/models/${parsed.data.slug}/releases`);
  return result;
}
