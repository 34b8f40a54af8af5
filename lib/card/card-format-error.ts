/** A card source the importer cannot read: the section and line at fault, so a reviewer can fix the source. */
export class CardFormatError extends Error {
  constructor(
    readonly section: string,
    readonly line: number,
    detail: string,
  ) {
    super(`Card format error in "${section}" at line ${line}: ${detail}`);
    this.name = "CardFormatError";
  }
}
