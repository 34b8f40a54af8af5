import { describe, expect, test } from "vitest";
import { testedModelNote } from "../../lib/imports/tested-model-note";

const model = { slug: "stable-beluga-2", name: "Stable Beluga 2" };

describe("the note on a result file that names another model", () => {
  test("a name that spells the model's, in any case and punctuation, gets no note", () => {
    for (const tested of ["stabilityai/StableBeluga2", "openai:chat:stable-beluga-2", "vllm/Stable_Beluga_2-GPTQ"])
      expect(testedModelNote(tested, model)).toBeNull();
  });

  test("another model's name gets the note, naming both", () => {
    expect(testedModelNote("openai/gpt-4o-mini", model)).toBe(
      'the file says it tested "openai/gpt-4o-mini", a name that is not Stable Beluga 2\'s (stable-beluga-2): its results count for stable-beluga-2 all the same, marked so wherever they are shown and listed as release gaps, so import it only if that is what "openai/gpt-4o-mini" served',
    );
  });

  test("a file that names no model gets no note", () => {
    expect(testedModelNote(null, model)).toBeNull();
    expect(testedModelNote(" ", model)).toBeNull();
  });
});
