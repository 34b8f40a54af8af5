// Where sign-in sends you next: only a path on this site, judged the way the browser will read it
// (tabs, newlines and carriage returns dropped, backslashes taken as slashes), so a value that
// looks like a path but becomes another origin in the browser goes to the home page instead.
import { describe, expect, test } from "vitest";
import { safeNextPath } from "../../lib/auth/sign-in";

describe("a hostile next value goes to the home page", () => {
  test.each([
    ["another origin", "https://evil.example/"],
    ["a protocol-relative URL", "//evil.example/"],
    ["a backslash after the slash", "/\\evil.example"],
    ["two backslashes", "\\\\evil.example"],
    ["a tab between the slashes (the probe's /%09/evil.example/phish)", "/\t/evil.example/phish"],
    ["a newline between the slashes", "/\n/evil.example"],
    ["a carriage return between the slashes", "/\r/evil.example"],
    ["CR LF between the slashes", "/\r\n/evil.example"],
    ["leading spaces and controls", " \u0001//evil.example"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a javascript: URL with a tab", "java\tscript:alert(1)"],
    ["a data: URL", "data:text/html,<script>alert(1)</script>"],
    ["a relative path", "evil.example"],
    ["an empty value", ""],
    ["not a string", 42],
    ["nothing", undefined],
    ["a very long value", `/${"a".repeat(3000)}`],
  ])("%s", (_why, next) => expect(safeNextPath(next)).toBe("/"));
});

describe("a path on this site is kept", () => {
  test.each([
    ["/models/x/matrix?cell=R1-U1", "/models/x/matrix?cell=R1-U1"],
    ["/models/x/audit#latest", "/models/x/audit#latest"],
    ["/", "/"],
    // What the browser would make of it: the tab dropped, the path otherwise kept.
    ["/models/\tx", "/models/x"],
  ])("%s -> %s", (next, expected) => expect(safeNextPath(next)).toBe(expected));

  test("the answer is always safe to put in a Location header", () => {
    for (const next of ["/a\r\nSet-Cookie: x=1", "/a\u0000b", "/ä ö"]) {
      expect(safeNextPath(next)).toMatch(/^\/[\x21-\x7e]*$/);
    }
  });
});
