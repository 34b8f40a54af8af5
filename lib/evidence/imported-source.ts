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
}

/** "garak 0.14.0.pre1: quack.report.jsonl". */
export function importedSourceLabel(source: Pick<ImportedSource, "tool" | "toolVersion" | "fileName">): string {
  return `${source.tool} ${source.toolVersion ?? "(version not recorded)"}: ${source.fileName}`;
}

/**
 * The label where the run's figures are shown as a cell's evidence. A run the tool did not finish,
 * or a file read up to its damage, says so: its figures cover fewer cases than the run meant to.
 */
export function importedEvidenceLabel(source: Pick<ImportedSource, "tool" | "toolVersion" | "fileName" | "complete">): string {
  const label = importedSourceLabel(source);
  return source.complete ? label : `${label} (incomplete run: only the results read before it stopped count)`;
}
