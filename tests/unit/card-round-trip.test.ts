// parse(render(card)) gives back every free-text field character for character, for generated
// strings (seeded, so a failure reproduces) and for the awkward hand-written sources of issue 15.
import { describe, expect, it } from "vitest";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { renderCardMarkdown } from "@/lib/card/render-markdown";
import type { Card } from "@/lib/card/schema";
import { cardSource } from "../fixtures/card/seed";

const seed = parseCardMarkdown(cardSource(), "stable-beluga-2").card;

/** mulberry32: a small seeded generator. */
function random(seedValue: number) {
  let state = seedValue >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  "a",
  "Z",
  "é",
  "日本",
  "🙂",
  "\n",
  "\r\n",
  "\t",
  "\u00a0",
  "\u200b",
  "\ufeff",
  "|",
  "`",
  "```",
  "~~~",
  "<b>",
  "<br>",
  "\\<br>",
  "&#9;",
  "&amp;",
  "---",
  "# ",
  "- ",
  "1. ",
  "> ",
  "[x](http://e.com)",
  "**",
  "*",
  "_",
  "\\",
  " ",
  "  ",
  ":",
  ",",
  "[a]: b",
  "<!-- c -->",
  "<http://x.org>",
  "#",
];

function generated(next: () => number, min = 0): string {
  const length = min + Math.floor(next() * 8);
  let value = "";
  for (let i = 0; i < length; i++) value += PIECES[Math.floor(next() * PIECES.length)];
  return value.length >= min ? value : `${value}x`;
}

function generatedCard(seedValue: number): Card {
  const next = random(seedValue);
  const card = structuredClone(seed);
  const text = (min = 0) => generated(next, min);
  card.model.name = text(1);
  card.model.description = text();
  card.model.trainingData = text();
  card.model.intendedUses = text();
  card.model.storageChanges = [{ title: text(1), text: text() }];
  card.model.developer = text();
  card.model.contact = text();
  card.model.license = text();
  card.model.languages = [text(1), text(1)];
  card.uses = card.uses.map((use) => ({ ...use, purpose: text(1), capability: text(), aiUser: text(), aiSubject: text(), domain: text() }));
  card.risks = card.risks.map((risk) => ({ ...risk, title: text(1), mitigations: [...new Set([text(1), text(1)])] }));
  card.cells = card.cells.map((cell) => ({ ...cell, rationale: text(), mitigationStatus: {} }));
  card.claimedCounts = null;
  return card;
}

describe("a card's free text survives export and re-import character for character", () => {
  it("for 25 cards of generated strings (unicode, newlines, CRLF, tabs, NBSP, zero-width, pipes, fences, HTML, ---, edge spaces)", async () => {
    for (let run = 1; run <= 25; run++) {
      const card = generatedCard(run);
      const back = parseCardMarkdown(await renderCardMarkdown(card), card.model.slug).card;
      expect({ ...back, claimedCounts: null }, `seed ${run}`).toEqual(card);
    }
  });

  it("keeps a mitigation's newlines, tabs and NBSP and a rationale's leading and trailing spaces", async () => {
    const card = structuredClone(seed);
    card.risks[0].mitigations[0] = "Perform\tsafety\u00a0testing\nthen review";
    card.cells[0].rationale = "  spaced out  ";
    const back = parseCardMarkdown(await renderCardMarkdown(card), card.model.slug).card;
    expect(back.risks[0].mitigations[0]).toBe(card.risks[0].mitigations[0]);
    expect(back.cells[0].rationale).toBe("  spaced out  ");
  });

  it("re-imports its own export of a source with a purpose wrapped over two lines, links and code spans, unchanged and without warnings", async () => {
    const source = cardSource()
      .replace("- Purpose: **Recommending personalized content**", "- Purpose: **Recommending personalized\n  content**")
      .replace("please email lm@stability.ai", "please email [lm@stability.ai](mailto:lm@stability.ai)")
      .replace("1. Perform safety testing", "1. Perform `safety` testing");
    const first = parseCardMarkdown(source, "stable-beluga-2");
    expect(first.card.model.contact).toContain("[lm@stability.ai](mailto:lm@stability.ai)");
    expect(first.card.risks[0].mitigations[0]).toBe("Perform `safety` testing");
    const exported = await renderCardMarkdown(first.card);
    expect(exported).toContain("[lm@stability.ai](mailto:lm@stability.ai)");
    const again = parseCardMarkdown(exported, "stable-beluga-2");
    expect({ ...again.card, claimedCounts: first.card.claimedCounts }).toEqual(first.card);
    expect(again.warnings).toEqual([]);
  });

  it("keeps an https link live but writes a javascript: link and autolink as text, and reads both back unchanged", async () => {
    const card = structuredClone(seed);
    card.risks[0].mitigations[0] = "See [the policy](https://example.org/policy), not [this](javascript:alert(1)) or <javascript:alert(2)>.";
    const markdown = await renderCardMarkdown(card);
    expect(markdown).toContain("[the policy](https://example.org/policy)");
    expect(markdown).not.toMatch(/\]\(javascript:|<javascript:/);
    expect(parseCardMarkdown(markdown, card.model.slug).card.risks[0].mitigations[0]).toBe(card.risks[0].mitigations[0]);
  });

  it("lists raw HTML of a source as kept as text", () => {
    const source = cardSource().replace("please email lm@stability.ai", "please email <b>lm@stability.ai</b>");
    expect(parseCardMarkdown(source, "stable-beluga-2").warnings.some((warning) => warning.includes('"<b>"') && warning.includes("kept as text"))).toBe(true);
  });
});
