// The audit action of a cell a card import changed, on the cell's own history (its creation is the
// model's import event). It stands alone because the approval gate reads it too: importing it from
// import-card.ts closed an import cycle the production build could not evaluate.
export const CARD_CELL_AUDIT = "cell.card-import";
