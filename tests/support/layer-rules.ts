// The layering the running code keeps (docs/ARCHITECTURE.md): imports point app -> lib -> engine,
// and nothing that runs outside the tests reads a file under tests/. Each file's imports are read
// with the TypeScript compiler (import, export ... from, import(), require), so no spelling of an
// import slips past a regular expression; paths under tests/ are found in its string literals,
// so comments that mention them are not counted.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export const runningLayers = ["app", "lib", "engine", "cli", "scripts"] as const;
export type RunningLayer = (typeof runningLayers)[number];

/** What each layer of running code may never import. */
export const forbiddenImports: Record<RunningLayer, readonly string[]> = {
  engine: ["lib", "app", "tests"],
  lib: ["app", "cli", "tests"],
  app: ["engine", "tests"],
  cli: ["tests"],
  scripts: ["tests"],
};

// Prisma's generated client is code Prisma wrote, not ours.
const generated = "lib/db/generated/";
const sourceFile = /\.(ts|tsx|mts|mjs|js|cjs)$/;
// Next.js runs proxy.ts at the root before every request: it is app code.
const rootFilesOfLayers: Record<string, RunningLayer> = { "proxy.ts": "app" };

export function layerOf(file: string): RunningLayer | undefined {
  if (file in rootFilesOfLayers) return rootFilesOfLayers[file];
  const top = file.split("/")[0];
  return runningLayers.find((layer) => layer === top);
}

/** The repository folder a module specifier points into, or undefined for a package. */
function targetFolder(file: string, specifier: string): string | undefined {
  if (specifier.startsWith("@/")) return specifier.slice(2).split("/")[0];
  if (!specifier.startsWith(".")) return undefined;
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).split("/")[0];
}

const underTests = /(^|[/\\])tests([/\\]|$)/;

function pathsUnderTests(file: string, source: string): string[] {
  const found: string[] = [];
  // Parsing is the slow part: most files never spell "tests" at all.
  if (!source.includes("tests")) return found;
  const visit = (node: ts.Node) => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) && underTests.test(node.text)) {
      found.push(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS));
  return found;
}

/** Every rule the file at this repository path breaks, as sentences; none for a file outside the layers. */
export function layerViolations(file: string, source: string): string[] {
  const layer = layerOf(file);
  if (!layer) return [];
  const violations: string[] = [];
  const specifiers = ts.preProcessFile(source, true, true).importedFiles.map(({ fileName }) => fileName);
  for (const specifier of specifiers) {
    const target = targetFolder(file, specifier);
    if (target && forbiddenImports[layer].includes(target)) violations.push(`${file} (${layer}) imports ${specifier} (${target})`);
  }
  // An import of a file under tests/ is reported once, as an import.
  for (const text of pathsUnderTests(file, source).filter((text) => !specifiers.includes(text))) {
    violations.push(`${file} (${layer}) names a path under tests/: "${text}"`);
  }
  return violations;
}

/** The running code's files, as repository paths. */
export function runningFiles(root: string): string[] {
  const files = Object.keys(rootFilesOfLayers);
  const walk = (folder: string) => {
    for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
      const file = `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (`${file}/` !== generated) walk(file);
      } else if (sourceFile.test(entry.name)) {
        files.push(file);
      }
    }
  };
  for (const layer of runningLayers) walk(layer);
  return files;
}

export function treeViolations(root: string): string[] {
  return runningFiles(root).flatMap((file) => layerViolations(file, readFileSync(path.join(root, file), "utf8")));
}
