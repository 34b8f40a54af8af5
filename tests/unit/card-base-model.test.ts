// A fine-tune's exported card names its base from the base model set in Riskledger: the front
// matter's base_model is the base's Hugging Face id when its card names one, else its name; the
// CycloneDX pedigree names the base with its Riskledger ref, revision and card release, and the
// BOM stays valid against the official schema.
import { describe, expect, it } from "vitest";
import type { CardInheritance } from "@/lib/card/card-inheritance";
import { withBaseModel } from "@/lib/card/card-inheritance";
import { cardToCycloneDx } from "@/lib/card/cyclonedx";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { renderCardMarkdown } from "@/lib/card/render-markdown";
import { cardSource } from "../fixtures/card/seed";
import { bomValidator, shipped } from "../support/cyclonedx-validator";

const validate = bomValidator();
// The seed card names meta-llama/Llama-2-70b-hf itself; the base set in Riskledger must win.
const seed = parseCardMarkdown(cardSource(), "stable-beluga-2").card;
const frontMatterOf = (markdown: string) => markdown.slice(0, markdown.indexOf("\n---", 4));

function inheritance(base: Partial<CardInheritance["base"]> = {}): CardInheritance {
  return {
    base: { slug: "llama-2-70b", name: "Llama-2-70B", hubId: "meta-llama/Llama-2-70b-hf", revision: "0b8e61b", release: 3, ...base },
    marked: "inherited, not re-tested",
    risks: [],
    evidence: [],
  };
}

describe("base_model in the front matter", () => {
  it("is the base's Hugging Face id when its card names one", async () => {
    const card = withBaseModel(seed, inheritance({ hubId: "meta-llama/Llama-2-70b-chat-hf" }));
    expect(card.model.frontMatter.base_model).toBe("meta-llama/Llama-2-70b-chat-hf");
    expect(frontMatterOf(await renderCardMarkdown(card))).toContain("base_model: meta-llama/Llama-2-70b-chat-hf");
  });

  it("is the base's name when its card names no Hugging Face id", async () => {
    const card = withBaseModel(seed, inheritance({ hubId: null }));
    expect(frontMatterOf(await renderCardMarkdown(card))).toContain("base_model: Llama-2-70B");
  });

  it("stays as the card wrote it when no base is set", async () => {
    expect(withBaseModel(seed, undefined)).toBe(seed);
    expect(frontMatterOf(await renderCardMarkdown(seed))).toContain("base_model: meta-llama/Llama-2-70b-hf");
  });
});

describe("the CycloneDX lineage", () => {
  it("names the base with its Riskledger ref, its revision as version, its Hub id as purl, and its card release", () => {
    const [component] = cardToCycloneDx(withBaseModel(seed, inheritance()), undefined, undefined, inheritance()).components;

    expect(component.pedigree?.ancestors).toEqual([
      {
        type: "machine-learning-model",
        "bom-ref": "model:llama-2-70b",
        group: "meta-llama",
        name: "Llama-2-70b-hf",
        version: "0b8e61b",
        purl: "pkg:huggingface/meta-llama/Llama-2-70b-hf",
        properties: [
          { name: "riskledger:model", value: "llama-2-70b" },
          { name: "riskledger:modelName", value: "Llama-2-70B" },
          { name: "riskledger:cardRelease", value: "v3" },
        ],
      },
    ]);
    expect(component.properties).toContainEqual({ name: "riskledger:baseModel", value: "meta-llama/Llama-2-70b-hf" });
    expect(validate(shipped({ bomFormat: "CycloneDX", specVersion: "1.6", version: 1, components: [component] })), JSON.stringify(validate.errors)).toBe(true);
  });

  it("names a base without a Hub id, revision or release by its Riskledger name and ref alone, and stays valid", () => {
    const base = inheritance({ hubId: null, revision: null, release: null });
    const bom = cardToCycloneDx(withBaseModel(seed, base), undefined, undefined, base);

    expect(bom.components[0].pedigree?.ancestors).toEqual([
      {
        type: "machine-learning-model",
        "bom-ref": "model:llama-2-70b",
        name: "Llama-2-70B",
        properties: [
          { name: "riskledger:model", value: "llama-2-70b" },
          { name: "riskledger:modelName", value: "Llama-2-70B" },
        ],
      },
    ]);
    expect(validate(shipped(bom)), JSON.stringify(validate.errors)).toBe(true);
  });
});
