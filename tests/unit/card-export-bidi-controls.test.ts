// A bidirectional control (U+202A..U+202E embeddings and overrides, U+2066..U+2069 isolates) left
// open in a field reorders what follows it on the line: a right-to-left override in a risk's title
// shows that row's cell marks backwards. Every export keeps the text but writes the control so it
// is seen and applies to nothing.
import { describe, expect, it } from "vitest";
import { cardCounts } from "@/lib/card/counts";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { renderCardMarkdown } from "@/lib/card/render-markdown";
import type { Card } from "@/lib/card/schema";
import { renderCardBody } from "@/lib/releases/card-export";
import { renderCardHtml } from "@/lib/releases/render-card-html";
import { campaignEvidence, reviewedCard } from "../fixtures/card/edits";
import { cardSource } from "../fixtures/card/seed";

const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
const RLO = "\u202E";

function cardWithOverrides(): Card {
  const card = reviewedCard(parseCardMarkdown(cardSource(), "stable-beluga-2").card);
  card.model.name = `Stable ${RLO}Beluga 2`;
  card.risks[0].title = `Bias ${RLO}and fairness`;
  card.risks[0].mitigations[0] = `${card.risks[0].mitigations[0]} \u2067unclosed isolate`;
  card.uses[0].purpose = `Recommending ${RLO}content`;
  const cell = card.cells.findIndex((found) => found.risk === "R10" && found.use === "U4");
  card.cells[cell].rationale = `Patient ${RLO}records reach \u202Bthe prompt.`;
  card.claimedCounts = cardCounts(card);
  return card;
}

function evidenceWithOverride() {
  const evidence = campaignEvidence(false);
  evidence.cells[0].campaign = `nightly ${RLO}run`;
  evidence.cells[0].modelRevision = `imported-${RLO}revision-0123`;
  return evidence;
}

describe("a bidirectional control in the card's text", () => {
  it("is written into the markdown as a visible character reference, so the codes and figures after it read in order, and reads back as it was", async () => {
    const card = cardWithOverrides();
    const markdown = await renderCardMarkdown(card, evidenceWithOverride());

    expect(markdown).not.toMatch(BIDI_CONTROL);
    expect(markdown).toContain("Bias &#8238;and fairness");
    expect(markdown).toContain("nightly &#x202E;run");
    expect(markdown).toContain("imported-&#x202E;revision-0123");
    expect(markdown).toMatch(/^\| R1 +\| Bias &#8238;and fairness +\| not assessed · unrated/m);
    expect(parseCardMarkdown(markdown, "stable-beluga-2").card).toEqual(card);
  });

  it("is shown in the card's HTML as a visible mark naming it, and applies to nothing", async () => {
    const html = await renderCardHtml(await renderCardMarkdown(cardWithOverrides(), evidenceWithOverride()));

    expect(html).not.toMatch(BIDI_CONTROL);
    expect(html).toContain("Bias <code");
    expect(html).toMatch(/Bias <code[^>]*>U\+202E<\/code>and fairness/);
    expect(html).toMatch(/<code[^>]*>U\+2067<\/code>unclosed isolate/);
  });

  it("is escaped in the card's JSON and CycloneDX BOM, which read back the same text", async () => {
    const snapshot = { card: cardWithOverrides(), evidence: evidenceWithOverride() };
    const json = await renderCardBody(snapshot, "json");
    const bom = await renderCardBody(snapshot, "cdx");

    for (const body of [json, bom]) expect(body).not.toMatch(BIDI_CONTROL);
    expect(json).toContain("Bias \\u202eand fairness");
    expect(JSON.parse(json).card).toEqual(snapshot.card);
    expect(JSON.parse(bom).components[0].modelCard.considerations.useCases[0]).toMatch(/^U1 Recommending \u202Econtent: /);
  });
});
