import { describe, expect, test } from "vitest";
import { keptStrings, keptText } from "../../lib/domain/kept-text";

describe("a model's or a tool's text as it is kept", () => {
  test("keeps NUL as ␀ and a lone surrogate as U+FFFD, and leaves a surrogate pair whole", () => {
    expect(keptText("a\u0000b\u0000")).toBe("a␀b␀");
    expect(keptText("x\ud800y\udc00z")).toBe("x\ufffdy\ufffdz");
    expect(keptText("ok 🙂 拒否")).toBe("ok 🙂 拒否");
  });

  test("keeps every string of a finding the same way, keys included, and leaves numbers and nulls as they are", () => {
    const finding = { detector: "model-judge", snippet: "said\u0000", scores: [1, null, "no\u0000"], "key\u0000": true };
    expect(keptStrings(finding)).toEqual({ detector: "model-judge", snippet: "said␀", scores: [1, null, "no␀"], "key␀": true });
  });
});
