// A date a test needs in the future (an acceptance's expiry, a due date), counted from the day it
// runs: a fixed one such as 2027-01-31 would turn the test red the day after it.

/** Today plus `days`, as YYYY-MM-DD (UTC). */
export function dateDaysAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
