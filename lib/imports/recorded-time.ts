// A time a tool recorded in its file, as written. JavaScript's Date reads an ISO date whose day is
// past the month's end (2025-02-30) as a day of the next month (March 2), so a damaged or hand-made
// date would quietly date the evidence; such a date is refused, naming the field it was in.
import { ExternalResultsError } from "./external-results-error";
import { text } from "./json-value";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The field's text (null when it holds none); throws when it begins with a date no calendar has. */
export function recordedTime(value: unknown, fileName: string, where: string | null, field: string): string | null {
  const time = text(value);
  const date = time === null ? null : ISO_DATE.exec(time);
  if (!date) return time;
  const [year, month, day] = date.slice(1).map(Number);
  if (month < 1 || month > 12) throw new ExternalResultsError(fileName, where, `${field} ${time} is not a date: there is no month ${date[2]}`);
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  const days = lastDay.getUTCDate();
  if (day < 1 || day > days) throw new ExternalResultsError(fileName, where, `${field} ${time} is not a date: ${MONTHS[month - 1]} ${year} has ${days} days`);
  return time;
}
