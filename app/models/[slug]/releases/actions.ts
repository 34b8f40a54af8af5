"use server";
// The releases page's server action: run the command (it parses and checks the role), return its result.
import { revalidatePath } from "next/cache";
import { publishRelease } from "@/lib/releases/publish-release";
import { runAsSignedIn } from "@/lib/commands/run-in-request";

export async function publishReleaseAction(input: unknown): Promise<Awaited<ReturnType<typeof publishRelease>>> {
  const result = await runAsSignedIn(publishRelease, input);
  if (result.ok) revalidatePath("/models/[slug]/releases", "page");
  return result;
}
