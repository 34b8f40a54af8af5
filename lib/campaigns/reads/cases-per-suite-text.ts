// What a campaign's page says of its cases per suite. Campaigns from before the draw (draw-cases.ts) ran the first
// cases of each suite by key; those from before the campaign recorded how it chose them must not claim the draw.
export function casesPerSuiteText(campaign: { casesPerSuite: number | null; casesDrawnPerRisk: boolean | null }): string {
  if (campaign.casesPerSuite === null) return "every case";
  const most = `at most ${campaign.casesPerSuite.toLocaleString("en")}`;
  if (campaign.casesDrawnPerRisk) return `${most}, drawn so that each risk asked for gets its share`;
  return `${most}, chosen before campaigns recorded how (until 7 December 2026, the first of each suite by case key)`;
}
