// The one way to an endpoint: a campaign names a serving target, and this finds it at the moment
// of the call (when a campaign is created, and again when a worker opens it), checks its address
// once more and reads its API key from the environment. Anything else is refused with a reason
// a reviewer can act on; no address is ever taken from a campaign's own settings.
import type { OpenAIBackendOptions } from "../../engine/openai-backend";
import type { Db } from "../db/types";
import { servingTargetUrlSchema } from "./serving-target-schema";

/**
 * Refused: `hereOnly` when the refusal is this process's alone (an API key missing from its environment),
 * where another worker's may hold it; otherwise the stored targets refuse it to every worker alike.
 */
export type ResolvedServingTarget =
  | { ok: true; name: string; backend: OpenAIBackendOptions & { modelRevision: string } }
  | { ok: false; message: string; hereOnly?: true };

export async function resolveServingTarget(db: Db, name: string, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedServingTarget> {
  if (!name) {
    return {
      ok: false,
      message: "this campaign names no serving target (it was started with an endpoint URL before targets existed): start it again choosing a target",
    };
  }
  const target = await db.servingTarget.findUnique({ where: { name } });
  if (!target) return { ok: false, message: `no serving target named "${name}": an admin configures them on the serving targets page` };
  const baseUrl = servingTargetUrlSchema.safeParse(target.baseUrl);
  if (!baseUrl.success)
    return { ok: false, message: `serving target "${name}" has an address that is not allowed (${baseUrl.error.issues[0].message}): an admin must correct it` };
  const apiKey = target.apiKeyEnv ? env[target.apiKeyEnv] : undefined;
  if (target.apiKeyEnv && !apiKey)
    return {
      ok: false,
      message: `serving target "${name}" needs its API key in the environment variable ${target.apiKeyEnv}, which is not set here`,
      hereOnly: true,
    };
  return { ok: true, name, backend: { baseUrl: baseUrl.data, model: target.model, modelRevision: target.declaredRevision, ...(apiKey ? { apiKey } : {}) } };
}
