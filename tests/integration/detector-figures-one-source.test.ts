import { describe, expect, test } from "vitest";
import { holdoutTrustByDetector } from "../../lib/detectors/accuracy";
import { detectorFigure, detectorFiguresText } from "../../lib/detectors/detector-figures";
import { liveCardFile } from "../../lib/releases/card-export";
import { addPassingEvidence, markApplicable, seededDatabase, slug } from "./releases-setup";

// Issue 14 saw "precision 0.95, recall 1.00 on 38 labels" on the campaign page and "86.84% accuracy
// on 38 examples" in the card for the same detector: two pages, two sets of figures.
describe("a detector's figures", () => {
  test("read the same in the card's markdown and CycloneDX as beside its verdicts on the campaign and case pages", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R7", "U2", { likelihood: 2, severity: 3 });
    await addPassingEvidence(db, "R7", "U2");
    const shownBesideVerdicts = await holdoutTrustByDetector(db);
    const markdown = (await liveCardFile(db, slug, "md"))!.body;
    const bom = JSON.parse((await liveCardFile(db, slug, "cdx"))!.body) as { components: { modelCard: { properties: { name: string; value: string }[] } }[] };
    const bomProperties = new Map(bom.components[0].modelCard.properties.map((p) => [p.name, p.value]));

    expect(shownBesideVerdicts.size).toBeGreaterThan(0);
    for (const [detector, figures] of shownBesideVerdicts) {
      const [name, version] = detector.split("@");
      const row = `| ${name} | ${version} | ${figures.n} | ${detectorFigure(figures.precision)} | ${detectorFigure(figures.recall)} | ${detectorFigure(figures.agreement)} |`;
      expect(markdown.replace(/ +/g, " ")).toContain(row);
      expect(bomProperties.get(`riskledger:detector:${detector}:accuracy`)).toBe(detectorFiguresText(figures));
    }
  });
});
