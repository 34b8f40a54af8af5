// One wording of a detector's figures on the blind holdout, shared by the campaign and case pages,
// the card and its CycloneDX: a reader who meets the same detector on two surfaces reads the same
// numbers (they had disagreed: precision and recall on one page, agreement as "accuracy" in the card).

export interface DetectorFigures {
  /** Of the fails it reported, the share that were real; null when it reported none. */
  precision: number | null;
  /** Of the real fails, the share it reported; null when the labels hold none. */
  recall: number | null;
  /** Share of labelled outputs where its verdict (pass, fail or not applicable) matches the label. */
  agreement: number;
  /** Labelled outputs of the blind holdout it was measured on. */
  n: number;
}

export function detectorFigure(value: number | null): string {
  return value === null ? "–" : value.toFixed(2);
}

export function detectorFiguresText(figures: DetectorFigures): string {
  return `precision ${detectorFigure(figures.precision)} · recall ${detectorFigure(figures.recall)} · agreement ${detectorFigure(figures.agreement)} (n ${figures.n}, blind holdout)`;
}
