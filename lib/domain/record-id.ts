// What names a stored row in a command's input: a page's form sends back the id or slug it was
// given, the CLI and the API one a person typed. One schema, so a bad one is refused alike everywhere.
import { namedString } from "./free-text";
import { namedNumber } from "./named-number";

/** The id of a stored row; `what` names it in a refusal ("the cell's id"). */
export const recordId = (what: string) => namedString(what).min(1).max(100);

/** A model named by its slug; whether one has it is the command's to say. */
export const modelSlugRef = recordId("the model's slug");

/** The version of the row an edit was made on, as its page or the caller read it: a stale one is a conflict. */
export const expectedVersion = namedNumber("the version edited (expectedVersion)").int().min(1);
