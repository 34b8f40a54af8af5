// A checkpoint path typed into settings is a path on the server: it must name a folder under one
// of the configured model roots, so nobody can point the engine at /etc or another user's files.
// RISKLEDGER_MODEL_ROOTS lists the roots (separated by ":"), default models/ in the repository.
import { realpathSync, statSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../content/paths";

export function modelRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  const listed = env.RISKLEDGER_MODEL_ROOTS?.split(":").filter(Boolean) ?? [path.join(/*turbopackIgnore: true*/ repoRoot, "models")];
  return listed.map((root) => path.resolve(repoRoot, root));
}

export type ModelPathResult = { ok: true; path: string } | { ok: false; message: string };

/**
 * The real, absolute folder `input` names, if it lies under a model root. `..` segments are
 * refused outright, and symbolic links are resolved before the check (a link inside a root that
 * points outside is refused too).
 */
export function resolveModelPath(input: string, roots = modelRoots()): ModelPathResult {
  if (input.includes("\0")) return { ok: false, message: "a path cannot contain a NUL character" };
  if (input.split(/[\\/]+/).includes("..")) return { ok: false, message: "a model path cannot contain '..'" };
  const candidates = path.isAbsolute(input) ? [input] : roots.map((root) => path.join(root, input));
  for (const candidate of candidates) {
    let real: string;
    try {
      real = realpathSync(candidate);
    } catch {
      continue;
    }
    if (!statSync(real).isDirectory()) return { ok: false, message: `${input} is not a folder` };
    if (roots.some((root) => isInside(real, realRoot(root)))) return { ok: true, path: real };
    return { ok: false, message: `${input} is outside the model roots (${roots.join(", ")})` };
  }
  return { ok: false, message: `no folder ${input} under the model roots (${roots.join(", ")})` };
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return path.resolve(root);
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}
