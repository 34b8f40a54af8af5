// Proposes pairs of mitigation texts that probably say the same thing, for a reviewer to merge.
// Word-set overlap is enough for the card's short imperative phrases, and it explains itself:
// a reviewer sees which words the two texts share.

export interface NearDuplicate {
  a: string;
  b: string;
  /** Jaccard similarity of the two texts' word sets, 0 to 1. */
  similarity: number;
  shared: string[];
}

/**
 * Set on the seed: the two pairs a reviewer would merge score 0.71 ("Exercise [reasonable]
 * caution ... production") and 0.63 ("Avoid using models ... harm"); the closest pair that
 * means something else ("unsuitable for your application" vs "may cause harm") scores 0.57.
 */
export const DEFAULT_THRESHOLD = 0.6;

// Words that carry no meaning of their own in a mitigation; counting them would make
// "Avoid using models for X" and "Avoid using models in Y" look alike.
const STOP_WORDS = new Set([
  "a",
  "an",
  "and",
  "are",
  "as",
  "at",
  "be",
  "by",
  "for",
  "from",
  "in",
  "into",
  "is",
  "it",
  "its",
  "of",
  "on",
  "or",
  "that",
  "the",
  "their",
  "to",
  "when",
  "with",
  "your",
  "may",
]);

/** Lower-cased words without punctuation or stop words, plural "s" dropped. */
function wordsOf(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word && !STOP_WORDS.has(word))
    .map((word) => (word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word));
  return new Set(words);
}

export function nearDuplicateMitigations(texts: string[], threshold = DEFAULT_THRESHOLD): NearDuplicate[] {
  const distinct = [...new Set(texts)];
  const words = distinct.map(wordsOf);
  const pairs: NearDuplicate[] = [];
  for (let i = 0; i < distinct.length; i++) {
    for (let j = i + 1; j < distinct.length; j++) {
      const shared = [...words[i]].filter((word) => words[j].has(word));
      const union = words[i].size + words[j].size - shared.length;
      const similarity = union ? shared.length / union : 0;
      if (similarity >= threshold) pairs.push({ a: distinct[i], b: distinct[j], similarity, shared });
    }
  }
  return pairs.sort((x, y) => y.similarity - x.similarity);
}
