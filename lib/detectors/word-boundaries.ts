// JavaScript's \b knows only ASCII letters, so a pattern ending in "aiuterò" or starting with
// "étape" never finds its word edge. unicodeWords() rewrites every \b in a pattern into a
// letter-aware edge, so the detectors' patterns read naturally in every language.
const LETTER = String.raw`[\p{L}\p{N}_]`;
const WORD_EDGE = `(?:(?<=${LETTER})(?!${LETTER})|(?<!${LETTER})(?=${LETTER}))`;
// The edge before a word: where the pattern goes on with a letter, the edge's other half (a letter
// behind, none ahead) can never match, and its test at every character of the text, a search of the
// Unicode letter tables on a text outside Latin-1 (CJK, Cyrillic, Arabic), was most of the refusal
// detector's time: 5.5 s per 100,000 CJK characters. The look behind alone matches the same.
const WORD_START = `(?<!${LETTER})`;

export function unicodeWords(pattern: RegExp, extraFlags = ""): RegExp {
  const flags = new Set([...pattern.flags, "u", ...extraFlags]);
  const source = alternatives(pattern.source)
    .map((alternative) => (alternative.startsWith(String.raw`\b`) && startsWithLetter(alternative.slice(2)) ? WORD_START + alternative.slice(2) : alternative))
    .join("|");
  return new RegExp(source.replaceAll(String.raw`\b`, WORD_EDGE), [...flags].join(""));
}

/** `source` split at its top-level `|`: outside groups, character classes and escapes. */
function alternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let index = 0; index < source.length; index++) {
    const char = source[index];
    if (char === "\\") index++;
    else if (inClass) inClass = char !== "]";
    else if (char === "[") inClass = true;
    else if (char === "(") depth++;
    else if (char === ")") depth--;
    else if (char === "|" && depth === 0) {
      parts.push(source.slice(from, index));
      from = index + 1;
    }
  }
  parts.push(source.slice(from));
  return parts;
}

/**
 * Whether every match of `source` begins with a letter (of LETTER): it begins with a letter written
 * as itself, or with a group each of whose alternatives does (and, where a quantifier may skip the
 * group, so does what follows it). Any other start (an escape, a class, an assertion) is answered
 * no, which keeps the full edge.
 */
function startsWithLetter(source: string): boolean {
  if (!source.startsWith("(?:")) return /^[\p{L}\p{N}_]/u.test(source) && !/^.(?:[?*]|\{0[,}])/u.test(source);
  let depth = 0;
  let inClass = false;
  for (let index = 0; index < source.length; index++) {
    const char = source[index];
    if (char === "\\") index++;
    else if (inClass) inClass = char !== "]";
    else if (char === "[") inClass = true;
    else if (char === "(") depth++;
    else if (char === ")" && --depth === 0) {
      const after = source.slice(index + 1);
      const taken = alternatives(source.slice(3, index)).every(startsWithLetter);
      // A group a quantifier may skip: the pattern then begins with what follows it.
      const skipped = /^(?:[?*]|\{0(?:,\d*)?\})\??/.exec(after);
      return taken && (!skipped || startsWithLetter(after.slice(skipped[0].length)));
    }
  }
  return false;
}
