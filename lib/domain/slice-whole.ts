// A cut of text a model or a tool wrote, for a finding's snippet or a message: by UTF-16 units, as
// String.slice, but never between the two halves of a surrogate pair (an emoji, say). A half left
// at the cut is a lone surrogate, which kept-text.ts stores as U+FFFD: the snippet would show a
// broken character the model never wrote.

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** text.slice(start, end), less the half of a character that either end would cut through. */
export function sliceWhole(text: string, start: number, end = text.length): string {
  let from = Math.max(0, start);
  let to = Math.min(text.length, end);
  if (from > 0 && isLowSurrogate(text.charCodeAt(from)) && isHighSurrogate(text.charCodeAt(from - 1))) from += 1;
  if (to > from && to < text.length && isHighSurrogate(text.charCodeAt(to - 1)) && isLowSurrogate(text.charCodeAt(to))) to -= 1;
  return text.slice(from, to);
}
