// Which of a model's cells are on its matrix: those whose risk and use are not retired. A retired
// row leaves the matrix, the card, the release gaps and the overview's counts; its cells and their
// evidence stay stored.
export function activeCellsOf(modelId: string) {
  return { risk: { modelId, retiredAt: null }, use: { retiredAt: null } } as const;
}
