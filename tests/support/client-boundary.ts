// What `import "server-only"` would guard, checked for every runner: no client component ("use client")
// reaches, through any chain of value imports, a module that opens the database or runs the engine.
// The `server-only` package itself throws when imported outside Next's server bundle, which the CLI,
// the worker and Vitest all are, so the rule is kept here instead. Type-only imports are erased at
// build time and are not followed, nor is a "use server" module (the client gets only references to
// its actions).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { runningFiles } from "./layer-rules";

/** Repository paths (a file, or a folder ending in "/") and packages only the server may load. */
export const serverOnlyModules = ["lib/db/client.ts", "lib/db/generated/", "engine/"] as const;
export const serverOnlyPackages = [
  "@prisma/client",
  "@prisma/adapter-better-sqlite3",
  "@prisma/adapter-pg",
  "better-sqlite3",
  "pg",
  "onnxruntime-node",
] as const;

export type ReadSource = (file: string) => string | undefined;

/** The specifiers a file imports as values (an import of types only is left out). */
export function valueImports(file: string, source: string): string[] {
  const parsed = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  for (const statement of parsed.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const typesOnly =
        clause?.isTypeOnly ||
        (clause && !clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.every((e) => e.isTypeOnly));
      if (!typesOnly) found.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) && !statement.isTypeOnly) {
      found.push(statement.moduleSpecifier.text);
    }
  }
  return found;
}

function resolveInRepository(from: string, specifier: string, read: ReadSource): string | undefined {
  const base = specifier.startsWith("@/") ? specifier.slice(2) : specifier.startsWith(".") ? path.posix.join(path.posix.dirname(from), specifier) : undefined;
  if (base === undefined) return undefined;
  const normal = path.posix.normalize(base);
  return [normal, `${normal}.ts`, `${normal}.tsx`, `${normal}/index.ts`].find((candidate) => /\.(ts|tsx)$/.test(candidate) && read(candidate) !== undefined);
}

function isServerOnly(target: string): boolean {
  return serverOnlyModules.some((module) => (module.endsWith("/") ? target.startsWith(module) : target === module));
}

/** Each client component that reaches a server-only module, with the chain of imports that does it. */
export function clientBoundaryViolations(files: string[], read: ReadSource): string[] {
  const violations: string[] = [];
  for (const entry of files.filter((file) => file.startsWith("app/") && /^\s*["']use client["']/.test(read(file) ?? ""))) {
    const seen = new Set([entry]);
    const queue: string[][] = [[entry]];
    while (queue.length > 0) {
      const chain = queue.shift()!;
      const file = chain[chain.length - 1];
      for (const specifier of valueImports(file, read(file) ?? "")) {
        if (serverOnlyPackages.some((name) => specifier === name || specifier.startsWith(`${name}/`))) {
          violations.push(`${[...chain, specifier].join(" -> ")}`);
          continue;
        }
        const target = resolveInRepository(file, specifier, read);
        if (!target || seen.has(target)) continue;
        if (isServerOnly(target)) {
          violations.push(`${[...chain, target].join(" -> ")}`);
          continue;
        }
        seen.add(target);
        // A "use server" module reaches the client as references to its actions, never as code.
        if (/^\s*["']use server["']/.test(read(target) ?? "")) continue;
        queue.push([...chain, target]);
      }
    }
  }
  return violations;
}

export function treeClientBoundaryViolations(root: string): string[] {
  const read: ReadSource = (file) => {
    const full = path.join(root, file);
    return existsSync(full) ? readFileSync(full, "utf8") : undefined;
  };
  return clientBoundaryViolations(runningFiles(root), read);
}
