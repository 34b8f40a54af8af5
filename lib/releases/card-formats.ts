// The formats a card is exported in, apart from the export itself: the CLI checks --format against
// them before it loads the modules that render a card.
export const CARD_FORMATS = ["md", "json", "cdx", "eval"] as const;
export type CardFormat = (typeof CARD_FORMATS)[number];
