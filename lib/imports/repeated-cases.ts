// A result file holds each case once; one that holds a case twice (two runs joined into one file, a
// damaged one) would count it twice, so the preview and the import refuse it alike, naming both
// places. Each case key read is kept as a 53-bit hash, not its text: a million keys cost about
// 40 MB and half a second (measured), where the keys themselves would cost hundreds of MB. A hash
// seen before is checked by reading the file again up to the first result with that key, which
// also tells where the case was first; a mere collision of hashes refuses nothing.
import type { ExternalCaseResult } from "./external-case-result";
import { ExternalResultsError } from "./external-results-error";
import { storedCaseKey } from "./insert-external-results";

/** The results of the same file, read again from its start. */
export type ReadAgain = () => AsyncIterable<ExternalCaseResult>;

export function repeatedCaseCheck(fileName: string, readAgain: ReadAgain) {
  const seen = new Set<number>();
  return {
    /** Throws when `result` is a case the file already held. */
    async check(result: ExternalCaseResult): Promise<void> {
      const key = storedCaseKey(result.caseKey);
      const hash = hash53(key);
      if (!seen.has(hash)) {
        seen.add(hash);
        return;
      }
      for await (const earlier of readAgain()) {
        if (storedCaseKey(earlier.caseKey) !== key) continue;
        if (earlier.location === result.location) return;
        throw new ExternalResultsError(
          fileName,
          result.location,
          `the same case as ${earlier.location} (${key}), which a result file holds once: two runs joined into one file, or a damaged one`,
        );
      }
    },
  };
}

/** cyrb53 (bryc, public domain): two 32-bit multiply-xorshift lanes folded into a 53-bit integer. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
