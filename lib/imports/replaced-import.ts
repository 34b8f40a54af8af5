// What a re-import of a run changes, in one sentence: said by the upload form's preview, after the
// import, and by the CLI. Plain data in, text out, so a client component can use it.
import type { CellsMoved } from "./run-identity";

export interface ReplacedImport extends CellsMoved {
  fileName: string;
  importedBy: string;
  /** A Date on the server, its ISO string once it has crossed to the browser. */
  importedAt: Date | string;
}

/** "the import of the same run from a.jsonl by Rita Reviewer on 2026-12-11: R4×U1 gains evidence from it; R3×U1 loses it". */
export function replacedImportText(earlier: ReplacedImport): string {
  const day = (typeof earlier.importedAt === "string" ? earlier.importedAt : earlier.importedAt.toISOString()).slice(0, 10);
  const changes = [
    earlier.cellsGained.length > 0 ? `${earlier.cellsGained.join(", ")} ${earlier.cellsGained.length > 1 ? "gain" : "gains"} evidence from it` : null,
    earlier.cellsLost.length > 0 ? `${earlier.cellsLost.join(", ")} ${earlier.cellsLost.length > 1 ? "lose" : "loses"} it` : null,
    earlier.cellsRecounted.length > 0 ? `${earlier.cellsRecounted.join(", ")} ${earlier.cellsRecounted.length > 1 ? "are" : "is"} recounted` : null,
  ].filter((change) => change !== null);
  return `the import of the same run from ${earlier.fileName} by ${earlier.importedBy} on ${day}: ${changes.length > 0 ? changes.join("; ") : "no cell's figures change"}`;
}
