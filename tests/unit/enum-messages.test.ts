// Every closed set a person can send a value outside of (a field of a command's input, through the
// browser, the HTTP API or the CLI, and of the card and suite files that import reads) refuses in
// words naming the field and the values it takes, as 'the review status is "DRAFT", "IN_REVIEW",
// "APPROVED" or "ACCEPTED"', never zod's 'Invalid option: expected one of "DRAFT"|"IN_REVIEW"|...'.
// The schemas are walked, so a closed set added later is checked too.
import { describe, expect, test } from "vitest";
import { namedEnum } from "../../lib/domain/named-enum";
import { defOf, personInputNodes } from "../support/schema-nodes";

/** Each enum schema of a person's input, with where it stands. */
const closedSets = () => personInputNodes().filter((node) => defOf(node.schema).type === "enum");

describe("closed sets name the field and the values it takes", () => {
  test("namedEnum says what the field is and each value it takes, quoted as they are sent", () => {
    const status = namedEnum("the review status", ["DRAFT", "IN_REVIEW", "APPROVED"]);
    expect(status.safeParse("DONE").error?.issues[0].message).toBe('the review status is "DRAFT", "IN_REVIEW" or "APPROVED"');
    expect(status.safeParse(3).error?.issues[0].message).toBe('the review status is "DRAFT", "IN_REVIEW" or "APPROVED"');
    expect(namedEnum("the direction", ["up", "down"]).safeParse("left").error?.issues[0].message).toBe('the direction is "up" or "down"');
    expect(status.parse("APPROVED")).toBe("APPROVED");
  });

  test("every command's input and every file import reads has closed sets to check", () => {
    expect(closedSets().length).toBeGreaterThan(15);
  });

  // A set whose form asks in words of its own ("choose the verdict that should count: pass or fail") keeps them.
  test("no closed set gives zod's own message", () => {
    const bare = closedSets()
      .map((set) => `${set.where}: ${set.schema.safeParse("NOT_ONE_OF_THEM").error?.issues[0].message}`)
      .filter((line) => /Invalid option|expected one of/.test(line));
    expect(bare).toEqual([]);
  });
});
