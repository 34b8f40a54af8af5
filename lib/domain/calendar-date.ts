// A date a person sets (a due date, the end of an acceptance, a decision's expiry): a day as the
// date input sends it ("2027-01-31"), an ISO date-time, or a Date handed over in code. Not
// z.coerce.date, which takes true or 5 as moments of 1 January 1970 and calls any other bad value
// "expected date, received Date".
import { z } from "zod";

/** `what` names the date in the message ("the due date"). */
export function calendarDate(what: string) {
  return z
    .union([z.date(), z.iso.date(), z.iso.datetime({ offset: true })], { error: `${what} is a date such as 2027-01-31` })
    .transform((value) => new Date(value));
}
