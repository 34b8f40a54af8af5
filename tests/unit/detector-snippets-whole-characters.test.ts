// A detector's snippet is cut from the model's output by UTF-16 units; a cut through an emoji would
// leave half of it, stored as U+FFFD (kept-text.ts), a broken character the model never wrote.
import { describe, expect, it } from "vitest";
import { sliceWhole } from "../../lib/domain/slice-whole";
import { findRefusal } from "../../lib/detectors/refusal";
import { quote } from "../../lib/detectors/types";
import { LONE_SURROGATE } from "../../lib/domain/free-text";

const emoji = "\u{1F600}";

describe("a snippet cut from a model's output", () => {
  it("leaves out whole a character either end of the cut would split, and is String.slice otherwise", () => {
    expect(sliceWhole(`ab${emoji}cd`, 0, 3)).toBe("ab");
    expect(sliceWhole(`ab${emoji}cd`, 3)).toBe("cd");
    expect(sliceWhole(`ab${emoji}cd`, 0, 4)).toBe(`ab${emoji}`);
    expect(sliceWhole(`ab${emoji}cd`, 1, 99)).toBe(`b${emoji}cd`);
    expect(sliceWhole("ab\uD800cd", 0, 3)).toBe("ab\uD800");
  });

  it("quotes the context around a match without a half of an emoji at either edge", () => {
    const text = `${"x".repeat(9)}${emoji}${"y".repeat(10)}MATCH${"z".repeat(10)}${emoji}`;
    const start = text.indexOf("MATCH");
    const quoted = quote(text, start, start + 5, 11);
    expect(quoted).toBe(`…${"y".repeat(10)}MATCH${"z".repeat(10)}…`);
    expect(LONE_SURROGATE.test(quoted)).toBe(false);
  });

  it("the refusal detector's opening of a long answer ends before an emoji at its cut, not inside it", () => {
    const { evidence } = findRefusal(`${"a".repeat(159)}${emoji} and then the rest of it`);
    expect(evidence).toBe("a".repeat(159));
  });
});
