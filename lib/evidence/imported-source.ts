// How an imported run of another tool is named wherever evidence is shown or exported. Apart from
// cell-evidence.ts (which reads the database) so client components can use it.
export interface ImportedSource {
  id: string;
  /** "garak", "promptfoo" or "inspect". */
  tool: string;
  toolVersion: string | null;
  fileName: string;
  sha256: string;
  /** The tested model as the tool named it. */
  testedModel: string | null;
  /** False when the tool said the run did not finish. */
  complete: boolean;
  /** False when the importer declared no model revision: the evidence's is the model's at import, assumed. */
  revisionDeclared: boolean;
}

/** "garak 0.14.0.pre1: quack.report.jsonl". */
export function importedSourceLabel(source: Pick<ImportedSource, "tool" | "toolVersion" | "fileName">): string {
  return `${source.tool} ${source.toolVersion ?? "(version not recorded)"}: ${source.fileName}`;
}

/**
 * The label where the run's figures are shown as a cell's evidence, with what they do not stand for:
 * a run the tool did not finish, or a file read up to its damage, covers fewer cases than the run
 * meant to; a run imported without a model revision is assumed to have tested the revision the
 * model had when it was imported.
 */
export function importedEvidenceLabel(source: Pick<ImportedSource, "tool" | "toolVersion" | "fileName" | "complete" | "revisionDeclared">): string {
  const caveats = [
    source.complete ? null : "incomplete run: only the results read before it stopped count",
    source.revisionDeclared ? null : "no model revision declared: taken as the model's revision at import",
  ].filter((caveat) => caveat !== null);
  const label = importedSourceLabel(source);
  return caveats.length > 0 ? `${label} (${caveats.join("; ")})` : label;
}
