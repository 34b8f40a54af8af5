// The one error a reader throws on input it cannot read: it names the file and where in it.
export class ExternalResultsError extends Error {
  constructor(
    readonly fileName: string,
    /** "line 12", "results.results[3]", "zip entry samples/1_epoch_1.json"; null for the file as a whole. */
    readonly where: string | null,
    readonly problem: string,
  ) {
    super(`${fileName}${where ? `, ${where}` : ""}: ${problem}`);
    this.name = "ExternalResultsError";
  }
}
