// A time a tool recorded in its file, as written. JavaScript's Date reads an ISO date whose day is
// past the month's end (2025-02-30) as a day of the next month (March 2), so a damaged or hand-made
// date would quietly date the evidence, and it reads a time of day no clock shows (25:06, 10:61, an
// offset of +25:00) as no time at all, so the run's date would become unknown or be taken from its
// start; such a date or time is refused, naming the field it was in. A space in place of the "T"
// (Python's str() of a datetime, RFC 3339's own allowance) is checked alike. A time written as a
// number (seconds or milliseconds since 1970, in which zone?), or as anything else but text, is
// refused rather than left unread.
import { ExternalResultsError } from "./external-results-error";
import { text } from "./json-value";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;
const TIME_OF_DAY = /^\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:Z|([+-])(\d{2}):?(\d{2}))?$/;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The field's text (null when it holds none); throws when it begins with a date no calendar has, or a time no clock shows. */
export function recordedTime(value: unknown, fileName: string, where: string | null, field: string): string | null {
  if (typeof value === "number")
    throw new ExternalResultsError(
      fileName,
      where,
      `${field} is the number ${value}, not a time written as text ("2025-08-28T14:06:48"): its unit and time zone cannot be told`,
    );
  if (value !== undefined && value !== null && typeof value !== "string")
    throw new ExternalResultsError(fileName, where, `${field} is ${kindOf(value)}, not a time written as text ("2025-08-28T14:06:48")`);
  const time = text(value);
  if (time === null) return null;
  const date = ISO_DATE.exec(time);
  if (!date) return time;
  const [year, month, day] = date.slice(1).map(Number);
  if (month < 1 || month > 12) throw new ExternalResultsError(fileName, where, `${field} ${time} is not a date: there is no month ${date[2]}`);
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  const days = lastDay.getUTCDate();
  if (day < 1 || day > days) throw new ExternalResultsError(fileName, where, `${field} ${time} is not a date: ${MONTHS[month - 1]} ${year} has ${days} days`);
  const clock = TIME_OF_DAY.exec(time);
  if (clock) {
    const [hour, minute, second, sign, offsetHours, offsetMinutes] = clock.slice(1);
    const impossible =
      Number(hour) > 23
        ? `hour ${hour}`
        : Number(minute) > 59
          ? `minute ${minute}`
          : second !== undefined && Number(second) > 59
            ? `second ${second}`
            : sign !== undefined && (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)
              ? `UTC offset ${sign}${offsetHours}:${offsetMinutes}`
              : null;
    if (impossible) throw new ExternalResultsError(fileName, where, `${field} ${time} is not a time: there is no ${impossible}`);
  }
  return time;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : String(value);
}
