// A campaign waiting out an outage of its serving endpoint, in words: the one sentence its page and
// the CLI show. Pure, so the page's client component can say it as the server does.

/** What the campaign's row records of the outage (lib/campaigns/runner/serving-outage.ts), for reading. */
export interface ServingOutage {
  /** The serving target's name. */
  target: string;
  /** The last failure's summary: no address, no words of the endpoint's own. */
  reason: string;
  /** ISO: when it was first found unreachable. */
  since: string;
  /** ISO: from when its runs fail instead of waiting (the recording worker's --max-outage after `since`). */
  failsAt: string;
}

/**
 * "Waiting for serving target T: why. Unreachable since 14:03:07 UTC; runs fail instead from 14:13:07 UTC if it stays down."
 * Past that moment the runs no longer wait, and the sentence says so instead.
 */
export function servingOutageSentence(outage: ServingOutage, now: Date): string {
  if (now.getTime() >= new Date(outage.failsAt).getTime()) {
    return (
      `Serving target ${outage.target} is still unreachable: ${outage.reason}. ` +
      `Unreachable since ${clockTime(outage.since)}; since ${clockTime(outage.failsAt)} its runs fail instead of waiting.`
    );
  }
  return (
    `Waiting for serving target ${outage.target}: ${outage.reason}. ` +
    `Unreachable since ${clockTime(outage.since)}; runs fail instead from ${clockTime(outage.failsAt)} if it stays down.`
  );
}

/** A moment's time of day, to the second, in UTC as every time in the app is (no hydration mismatch). */
export function clockTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(11, 19)} UTC`;
}
