// What a serving target's endpoint says it serves, asked now, against what campaigns will hold it to:
// its model listed at /v1/models, the root there against the declared revision (served-revision.ts),
// and the declared revision against the model's, which evidence must claim to count as current. A
// worker asks the same at every lease and pauses a campaign on what it finds
// (lib/campaigns/runner/served-model.ts); this answers an admin before a campaign is started. It reads
// the API key from this process's environment, as a worker does, so it is asked where workers run.
import { OpenAIBackend } from "../../engine/openai-backend";
import { describeServedModel, listedModels } from "../campaigns/runner/served-model";
import type { Db } from "../db/types";
import { resolveServingTarget } from "./resolve-serving-target";
import { rootChecksDeclaredRevision, rootContradictsDeclaredRevision } from "./served-revision";

export interface ServingTargetFinding {
  /** A campaign on this target would pause, or its evidence would not count for the model. */
  problem: boolean;
  text: string;
}

export interface ServingTargetCheck {
  /** `serving target "NAME" at URL, model "M", declared revision "R"`. */
  target: string;
  findings: ServingTargetFinding[];
}

const note = (text: string): ServingTargetFinding => ({ problem: false, text });
const problem = (text: string): ServingTargetFinding => ({ problem: true, text });

/** Asks the endpoint of serving target `name` what it serves, as the campaigns of model `modelSlug` would hold it. */
export async function checkServingTarget(db: Db, name: string, modelSlug: string, env: NodeJS.ProcessEnv = process.env): Promise<ServingTargetCheck> {
  const stored = await db.servingTarget.findUnique({ where: { name } });
  if (!stored) return { target: `serving target "${name}"`, findings: [problem(`no serving target is named "${name}"`)] };
  const target = `serving target "${name}" at ${stored.baseUrl}, model "${stored.model}", declared revision "${stored.declaredRevision}"`;
  const resolved = await resolveServingTarget(db, name, env);
  if (!resolved.ok) return { target, findings: [problem(resolved.message)] };
  const findings = await listingFinding(new OpenAIBackend(resolved.backend), stored.model, stored.declaredRevision);
  const model = await db.model.findUnique({ where: { slug: modelSlug }, select: { revisionHash: true } });
  if (!model) findings.push(problem(`no model "${modelSlug}" to hold the declared revision to`));
  else if (model.revisionHash && model.revisionHash !== stored.declaredRevision)
    findings.push(
      problem(
        `the declared revision is not ${modelSlug}'s revision (${model.revisionHash}): evidence from this target is stale for ${modelSlug} from the start`,
      ),
    );
  return { target, findings };
}

async function listingFinding(backend: OpenAIBackend, modelName: string, declaredRevision: string): Promise<ServingTargetFinding[]> {
  let listed: Awaited<ReturnType<OpenAIBackend["servedModels"]>>;
  try {
    listed = await backend.servedModels();
  } catch (error) {
    return [problem(`its endpoint could not be asked what it serves: ${error instanceof Error ? error.message : String(error)}`)];
  }
  if (listed === null) return [note("its endpoint has no /v1/models: nothing checks what it serves, and its evidence records no served model")];
  const served = listed.find((model) => model.id === modelName);
  if (!served) return [problem(`its endpoint serves ${listedModels(listed)}, not "${modelName}": a campaign on it pauses at its first lease`)];
  const findings = [note(`/v1/models lists ${describeServedModel(served)}`)];
  const contradiction = rootContradictsDeclaredRevision(served.root, declaredRevision);
  if (contradiction) findings.push(problem(`${contradiction}: a campaign on it pauses before a case is sent`));
  else if (rootChecksDeclaredRevision(served.root, declaredRevision)) findings.push(note("its root agrees with the declared revision"));
  else findings.push(note("its root names no revision in a form compared with the declared one: nothing checks the declaration"));
  if (served.smokeTestModel) findings.push(problem("it serves the generated smoke-test model: its evidence is noise, marked so, and a release gap"));
  return findings;
}
