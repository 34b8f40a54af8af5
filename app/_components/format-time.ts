// One way to show a moment, the same on server and client: UTC, so no hydration mismatch.
export function formatTime(date: Date | string): string {
  const format = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  return `${format.format(new Date(date))} UTC`;
}
