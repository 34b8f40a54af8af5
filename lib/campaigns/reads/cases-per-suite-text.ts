// What a campaign's page says of the cases it ran of each suite. Campaigns from before the draw (draw-cases.ts) ran
// the first cases of each suite by key; those from before the campaign recorded how it chose them must not claim the
// draw. A campaign asked for cases by id (a top-up) ran those, not every case.
export function casesPerSuiteText(campaign: { casesPerSuite: number | null; casesDrawnPerRisk: boolean | null; casesChosenById: boolean }): string {
  if (campaign.casesPerSuite === null) return campaign.casesChosenById ? "the cases chosen by id (a top-up's plan, or the API's caseIds)" : "every case";
  const most = `at most ${campaign.casesPerSuite.toLocaleString("en")}${campaign.casesChosenById ? " of the cases chosen by id" : ""}`;
  if (campaign.casesDrawnPerRisk) return `${most}, drawn so that each risk asked for gets its share`;
  return `${most}, chosen before campaigns recorded how (until 7 December 2026, the first of each suite by case key)`;
}
