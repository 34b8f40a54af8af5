// JavaScript's \b knows only ASCII letters, so a pattern ending in "aiuterò" or starting with
// "étape" never finds its word edge. unicodeWords() rewrites every \b in a pattern into a
// letter-aware edge, so the detectors' patterns read naturally in every language.
const LETTER = String.raw`[\p{L}\p{N}_]`;
const WORD_EDGE = `(?:(?<=${LETTER})(?!${LETTER})|(?<!${LETTER})(?=${LETTER}))`;

export function unicodeWords(pattern: RegExp, extraFlags = ""): RegExp {
  const flags = new Set([...pattern.flags, "u", ...extraFlags]);
  return new RegExp(pattern.source.replaceAll(String.raw`\b`, WORD_EDGE), [...flags].join(""));
}
