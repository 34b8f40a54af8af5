// Cycles among the running code's modules. Node tolerates one, but the production build's
// bundler merges modules into one scope and can then evaluate a module that reads an export of
// another before that export is set ("Cannot access 'b' before initialization" while collecting
// the page data of /api/models/[slug]/card.cdx.json, through update-cell -> import-card ->
// card-inheritance -> evidence -> attach-evidence -> update-cell). Only imports that run count: a
// type-only import is erased, and a dynamic import() runs later, once every module is set.
import path from "node:path";
import ts from "typescript";

/** The repository files a module imports for their values, by repository path. */
export function valueImports(file: string, source: string, exists: (file: string) => boolean): string[] {
  const parsed = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const targets: string[] = [];
  for (const statement of parsed.statements) {
    const specifier =
      ts.isImportDeclaration(statement) && !importsTypesOnly(statement)
        ? statement.moduleSpecifier
        : ts.isExportDeclaration(statement) && !statement.isTypeOnly
          ? statement.moduleSpecifier
          : undefined;
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    const target = resolveModule(file, specifier.text, exists);
    if (target) targets.push(target);
  }
  return targets;
}

function importsTypesOnly(declaration: ts.ImportDeclaration): boolean {
  const clause = declaration.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return !clause.name && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((element) => element.isTypeOnly);
}

function resolveModule(file: string, specifier: string, exists: (file: string) => boolean): string | undefined {
  const base = specifier.startsWith("@/")
    ? specifier.slice(2)
    : specifier.startsWith(".")
      ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier))
      : undefined;
  if (base === undefined) return undefined;
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) => /\.tsx?$/.test(candidate) && exists(candidate));
}

/** Each cycle among `files` (repository path -> source), as the modules around it: "a -> b -> a". */
export function importCycles(files: Map<string, string>): string[] {
  const imports = new Map([...files].map(([file, source]) => [file, valueImports(file, source, (target) => files.has(target))]));
  const cycles: string[] = [];
  const finished = new Set<string>();
  const trail: string[] = [];
  const visit = (file: string) => {
    trail.push(file);
    for (const target of imports.get(file) ?? []) {
      const at = trail.indexOf(target);
      if (at >= 0) cycles.push([...trail.slice(at), target].join(" -> "));
      else if (!finished.has(target)) visit(target);
    }
    trail.pop();
    finished.add(file);
  };
  for (const file of [...files.keys()].sort()) if (!finished.has(file)) visit(file);
  return cycles;
}
