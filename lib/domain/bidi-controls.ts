// Bidirectional controls in a person's text: where every page and export shows them instead of
// applying them. Kept apart from the card's markdown code so a client component can use it without
// bundling remark.

/**
 * The embeddings and overrides (U+202A..U+202E) and isolates (U+2066..U+2069) of the Unicode
 * bidirectional algorithm. Left open in a field, one reorders everything after it on the line (a
 * right-to-left override in a risk's title shows its row's marks backwards), so every export and
 * page writes them where a reader sees them and they apply to nothing.
 */
export const BIDI_CONTROLS = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069";
const ANY_BIDI_CONTROL = new RegExp(`[${BIDI_CONTROLS}]`, "g");
const EACH_BIDI_CONTROL = new RegExp(`([${BIDI_CONTROLS}])`);

/** "U+202E": a bidirectional control as it is named where it is shown instead of applied. */
export function bidiControlName(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase()}`;
}

/** Why a control's name stands in the text, for a reader who hovers over it. */
export const BIDI_CONTROL_SHOWN = "a bidirectional control, shown instead of applied";

export type TextPart = { text: string } | { control: string };

/** `value` split into its runs of text and its bidirectional controls, each control by name: for a page to mark them. */
export function bidiControlsMarked(value: string): TextPart[] {
  return value
    .split(EACH_BIDI_CONTROL)
    .filter((part) => part !== "")
    .map((part) => (BIDI_CONTROLS.includes(part) ? { control: bidiControlName(part) } : { text: part }));
}

/** `value` with each bidirectional control named ("<U+202E>"), for a line of plain text that quotes it. */
export function withBidiControlsNamed(value: string): string {
  return value.replace(ANY_BIDI_CONTROL, (char) => `<${bidiControlName(char)}>`);
}

/** JSON text with each bidirectional control escaped (`\u202e`): the same data, read back by any JSON reader. */
export function withBidiControlsEscaped(json: string): string {
  return json.replace(ANY_BIDI_CONTROL, (char) => `\\u${char.charCodeAt(0).toString(16)}`);
}
