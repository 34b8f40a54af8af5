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
