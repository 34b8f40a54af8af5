import { describe, expect, it } from "vitest";
import { cardToCycloneDx } from "@/lib/card/cyclonedx";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { campaignEvidence, reviewedCard } from "../fixtures/card/edits";
import { cardSource, seedRisks, seedUses } from "../fixtures/card/seed";
import { bomValidator, shipped } from "../support/cyclonedx-validator";

const validate = bomValidator();
const seed = parseCardMarkdown(cardSource(), "stable-beluga-2").card;

describe("exporting the card as a CycloneDX 1.6 ML-BOM", () => {
  it("is valid against the official CycloneDX 1.6 schema with and without evidence", () => {
    for (const bom of [cardToCycloneDx(seed), cardToCycloneDx(reviewedCard(seed), campaignEvidence(false)), cardToCycloneDx(seed, campaignEvidence(true))]) {
      expect(validate(shipped(bom)), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("is refused by the same validator when a metric's value is a number", () => {
    const bom = shipped(cardToCycloneDx(reviewedCard(seed), campaignEvidence(false)));
    bom.components[0].modelCard.quantitativeAnalysis.performanceMetrics[0].value = 0.5;
    expect(validate(bom)).toBe(false);
  });

  it("describes the model as a machine-learning-model with every use and every risk and its mitigations", () => {
    const [component] = cardToCycloneDx(seed).components;
    expect(component).toMatchObject({ type: "machine-learning-model", name: "Stable Beluga 2", manufacturer: { name: "Stability AI" } });
    const { considerations } = component.modelCard;
    expect(considerations.useCases).toHaveLength(4);
    for (const [index, use] of seedUses().entries()) expect(considerations.useCases[index]).toContain(`${use.code} ${use.purpose}`);
    expect(considerations.ethicalConsiderations).toEqual(
      seedRisks().map((risk) => ({
        name: `${risk.code} ${risk.title} (${risk.riskType}; ${risk.harmArea})`,
        mitigationStrategy: risk.mitigations.map((text, index) => `M${index + 1}. ${text}`).join("\n"),
      })),
    );
    expect(component.modelCard.quantitativeAnalysis).toBeUndefined();
    expect(component.modelCard.properties).toContainEqual({ name: "riskledger:evidence", value: "untested" });
  });

  it("gives each tested cell's failure rate with its Wilson interval as strings", () => {
    const metrics = cardToCycloneDx(reviewedCard(seed), campaignEvidence(false)).components[0].modelCard.quantitativeAnalysis!.performanceMetrics;
    expect(metrics[1]).toMatchObject({ type: "failure rate", value: "0.08", confidenceInterval: { lowerBound: "0.0315", upperBound: "0.1884" } });
    expect(metrics[1].slice).toMatch(/^risk=R10;use=U4;/);
    expect(metrics[1].slice).toContain(";verdict=inconclusive;stale=true;smokeTestModel=false;modelRevision=a1b2c3d;");
  });

  it("gives a cell with measured detector accuracy its corrected rate and interval beside the raw one, both sliced with the accuracy used", () => {
    const evidence = campaignEvidence(false);
    evidence.cells[1] = {
      ...evidence.cells[1],
      correctedRate: 0.0523,
      correctedInterval: { lower: 0, upper: 0.2117 },
      detectorAccuracy: { sensitivity: 0.921, specificity: 0.385, detectors: ["refusal@2.1.0", "disclaimer@2.1.0"] },
    };
    const bom = cardToCycloneDx(reviewedCard(seed), evidence);
    expect(validate(shipped(bom)), JSON.stringify(validate.errors)).toBe(true);
    const metrics = bom.components[0].modelCard.quantitativeAnalysis!.performanceMetrics.filter((metric) => metric.slice.startsWith("risk=R10;use=U4;"));
    expect(metrics).toEqual([
      expect.objectContaining({ type: "failure rate", value: "0.08", confidenceInterval: { lowerBound: "0.0315", upperBound: "0.1884" } }),
      expect.objectContaining({
        type: expect.stringMatching(/^failure rate corrected for detector error: Rogan-Gladen .*Lang-Reiczigel/),
        value: "0.0523",
        confidenceInterval: { lowerBound: "0", upperBound: "0.2117" },
      }),
    ]);
    for (const metric of metrics) {
      expect(metric.slice).toContain(";n=50;failures=4;");
      expect(metric.slice).toContain(";verdict=inconclusive;");
      expect(metric.slice).toContain(";modelRevision=a1b2c3d;");
      expect(metric.slice).toContain(";date=2026-11-20;");
      expect(metric.slice).toMatch(/;detectorSensitivity=0\.921;detectorSpecificity=0\.385;detectors=refusal@2\.1\.0,disclaimer@2\.1\.0$/);
    }
  });

  it("lists a cell a run reached and judged nothing in (every case errored) as a property saying it is untested, never as a performance metric", () => {
    const evidence = campaignEvidence(false);
    evidence.erroredOnly = [
      { risk: "R2", use: "U1", errors: 3, campaign: "imported from inspect 0.3.95: security-guide.json", date: "2025-05-12T20:28:26-04:00" },
    ];
    const bom = cardToCycloneDx(reviewedCard(seed), evidence);
    expect(validate(shipped(bom)), JSON.stringify(validate.errors)).toBe(true);
    const { modelCard } = bom.components[0];
    expect(modelCard.properties).toContainEqual({
      name: "riskledger:cell:R2:U1:erroredOnly",
      value: "untested: all 3 cases of imported from inspect 0.3.95: security-guide.json errored, none judged (2025-05-12)",
    });
    expect(modelCard.quantitativeAnalysis!.performanceMetrics.filter((metric) => metric.slice.includes("use=U1;"))).toEqual([]);
  });

  it("says a card whose only runs judged nothing is untested, with no metrics", () => {
    const evidence = { ...campaignEvidence(false), cells: [], erroredOnly: [{ risk: "R2", use: "U1", errors: 1, campaign: "campaign-8", date: null }] };
    const { modelCard } = cardToCycloneDx(reviewedCard(seed), evidence).components[0];
    expect(modelCard.quantitativeAnalysis).toBeUndefined();
    expect(modelCard.properties).toContainEqual({ name: "riskledger:evidence", value: "untested" });
    expect(modelCard.properties).toContainEqual({
      name: "riskledger:cell:R2:U1:erroredOnly",
      value: "untested: the one case of campaign-8 errored, none judged (run date unknown)",
    });
  });

  it("says a cell's detector accuracy is unknown in its slice and gives it no corrected rate", () => {
    const metrics = cardToCycloneDx(reviewedCard(seed), campaignEvidence(false)).components[0].modelCard.quantitativeAnalysis!.performanceMetrics;
    expect(metrics.map((metric) => metric.type)).toEqual(["failure rate", "failure rate"]);
    for (const metric of metrics) expect(metric.slice).toMatch(/;detectorAccuracy=unknown$/);
  });

  it("says beside a cell's figures which detectors or judges its verdicts rest on need review, and why, as the card's markdown does", () => {
    const evidence = campaignEvidence(false);
    evidence.cells[1].needsReview = [
      { detector: "model-judge@llama-guard-3-1.0.0+openai:guard-rev", why: "not measured on human labels" },
      { detector: "refusal@2.3.0", why: "precision 0.810 · recall 0.770 on the blind holdout (n 46), below 0.9" },
    ];
    const bom = cardToCycloneDx(reviewedCard(seed), evidence);
    expect(validate(shipped(bom)), JSON.stringify(validate.errors)).toBe(true);
    const { performanceMetrics } = bom.components[0].modelCard.quantitativeAnalysis!;
    expect(performanceMetrics[0].slice).not.toContain("needsReview");
    expect(performanceMetrics[1].slice).toContain(";needsReview=model-judge@llama-guard-3-1.0.0+openai:guard-rev,refusal@2.3.0;");
    expect(bom.components[0].modelCard.properties.filter((property) => property.name.endsWith(":needsReview"))).toEqual([
      { name: "riskledger:cell:R10:U4:needsReview", value: "model-judge@llama-guard-3-1.0.0+openai:guard-rev: not measured on human labels" },
      { name: "riskledger:cell:R10:U4:needsReview", value: "refusal@2.3.0: precision 0.810 · recall 0.770 on the blind holdout (n 46), below 0.9" },
    ]);
  });

  it("gives each cell's review status beside its mark, as the card's cell details do", () => {
    const card = reviewedCard(seed);
    const properties = cardToCycloneDx(card).components[0].modelCard.properties;
    const of = (risk: string, use: string) => properties.filter((property) => property.name.startsWith(`riskledger:cell:${risk}:${use}`));
    expect(of("R10", "U4")).toEqual([
      { name: "riskledger:cell:R10:U4", value: "yes · L2×S5 · high" },
      { name: "riskledger:cell:R10:U4:review", value: "approved" },
    ]);
    expect(of("R2", "U4")).toContainEqual({ name: "riskledger:cell:R2:U4:review", value: "in review" });
    expect(of("R1", "U1")).toContainEqual({ name: "riskledger:cell:R1:U1:review", value: "draft" });
    expect(properties.filter((property) => property.name.endsWith(":review"))).toHaveLength(card.cells.length);
  });

  it("gives what an attestation attests beside its title, as the card's markdown does", () => {
    const evidence = campaignEvidence(false);
    evidence.documented = [
      { risk: "R5", use: "U1", kind: "ATTESTATION", title: "Black-box review", url: null, body: "No path to R5.\nReviewed by the board.", date: "2026-12-01" },
    ];
    const properties = cardToCycloneDx(reviewedCard(seed), evidence).components[0].modelCard.properties;
    expect(properties).toContainEqual({
      name: "riskledger:cell:R5:U1:documented",
      value: "attestation: Black-box review: No path to R5.\nReviewed by the board.",
    });
  });

  it("labels metrics from the generated tiny model as a smoke test", () => {
    const component = cardToCycloneDx(seed, campaignEvidence(true)).components[0];
    for (const metric of component.modelCard.quantitativeAnalysis!.performanceMetrics) expect(metric.slice).toContain(";smokeTestModel=true;");
    expect(component.modelCard.properties).toContainEqual({ name: "riskledger:evidence:smokeTestModel", value: "true" });
    expect(component.modelCard.properties).toContainEqual({ name: "riskledger:evidence", value: "smoke test on the generated tiny model" });
  });

  it("calls the evidence a smoke test only when every measured cell is one; a card measured partly on the model itself says so", () => {
    const mixed = campaignEvidence(false);
    mixed.cells[0].smokeTest = true;
    mixed.smokeTestModel = true;
    const properties = cardToCycloneDx(reviewedCard(seed), mixed).components[0].modelCard.properties;
    expect(properties).toContainEqual({ name: "riskledger:evidence", value: "measured; some cells on the generated tiny model only (smoke test)" });
    expect(properties).toContainEqual({ name: "riskledger:evidence:smokeTestModel", value: "true" });
  });

  it("never gives the revision the tiny model was tested at, nor an unknown one, as the model's version", () => {
    const smokeTest = cardToCycloneDx(seed, campaignEvidence(true)).components[0];
    expect(smokeTest.version).toBe("main");
    const unknownRevision = campaignEvidence(false);
    for (const row of unknownRevision.cells) row.modelRevision = "unknown";
    expect(cardToCycloneDx(seed, unknownRevision).components[0].version).toBe("main");
  });

  it("never gives the revision of stale evidence, made before the model changed, as the model's version", () => {
    const stale = campaignEvidence(false);
    stale.cells = stale.cells.map((row) => ({ ...row, stale: true, modelRevision: "0ld0ld0" }));
    expect(cardToCycloneDx(seed, stale).components[0].version).toBe("main");
  });
});

describe("the ML-BOM carries the model's parameters, licence, version and lineage", () => {
  const [component] = cardToCycloneDx(reviewedCard(seed), campaignEvidence(false)).components;

  it("gives one ethical consideration per risk, each mitigation on its own numbered line and as its own property", () => {
    const considerations = component.modelCard.considerations.ethicalConsiderations;
    expect(considerations).toHaveLength(14);
    const r2 = seedRisks()[1];
    expect(considerations[1].mitigationStrategy.split("\n")).toEqual(r2.mitigations.map((text, index) => `M${index + 1}. ${text}`));
    const r2Items = component.modelCard.properties.filter((property) => property.name === "riskledger:risk:R2:mitigation").map((property) => property.value);
    expect(r2Items).toEqual(r2.mitigations);
    for (const consideration of considerations) expect(consideration.mitigationStrategy).not.toContain("; ");
  });

  it("names the licence briefly and links its text", () => {
    expect(component.licenses).toEqual([
      { license: { name: "stable-beluga-non-commercial-community-license", url: "https://huggingface.co/stabilityai/StableBeluga2/blob/main/LICENSE.txt" } },
    ]);
  });

  it("fills the model parameters as the official ML-BOM example does", () => {
    expect(component.modelCard.modelParameters).toMatchObject({
      approach: { type: "supervised" },
      task: "text-generation",
      architectureFamily: "transformer",
      modelArchitecture: "LlamaForCausalLM",
      inputs: [{ format: "string" }],
      outputs: [{ format: "string" }],
    });
  });

  it("has a version and names Llama-2-70B as its ancestor", () => {
    expect(component.version).toBe("a1b2c3d");
    expect(component.pedigree?.ancestors).toEqual([
      expect.objectContaining({
        type: "machine-learning-model",
        group: "meta-llama",
        name: "Llama-2-70b-hf",
        purl: "pkg:huggingface/meta-llama/Llama-2-70b-hf",
      }),
    ]);
    expect(validate(shipped({ bomFormat: "CycloneDX", specVersion: "1.6", version: 1, components: [component] })), JSON.stringify(validate.errors)).toBe(true);
  });

  it("ends the description with the storage changes it announces, not mid-sentence", () => {
    expect(component.description).not.toMatch(/:\s*$/);
    expect(component.description).toContain("with the following changes:\n- Storing weights in bfloat16 instead of float32.");
    expect(component.description.trimEnd().endsWith("smaller RAM requirements.")).toBe(true);
  });
});
