// The start-a-campaign form's fields in the settings schema's shape. createCampaign validates the
// result with campaignSettingsSchema, as it does the CLI's flags and the API's JSON; an empty
// field is absent, so the schema's default (or its message) applies.

/** The form's field names for the backend (see start-campaign-form.tsx). */
export const BACKEND_FIELDS = { kind: "backendKind", target: "backendTarget" } as const;

/** Model judges the form offers: two, enough for an ensemble of a classifier and a second opinion (the API takes up to MAX_JUDGES). */
export const FORM_JUDGES = 2;

/** The form's field names for its index-th model judge: judgeKind, judgeTarget, ... for the first, judge2Kind, ... for the second. */
export function judgeFields(index: number) {
  const prefix = index === 0 ? "judge" : `judge${index + 1}`;
  return { kind: `${prefix}Kind`, target: `${prefix}Target`, adapter: `${prefix}Adapter`, mode: `${prefix}Mode` };
}

export function campaignSettingsFromForm(form: FormData): Record<string, unknown> {
  const text = (name: string) => {
    const value = form.get(name);
    return value === null || value === "" ? undefined : String(value);
  };
  return {
    modelSlug: text("modelSlug"),
    name: text("name"),
    uses: form.getAll("uses").map(String),
    risks: form.getAll("risks").map(String),
    repeats: text("repeats"),
    casesPerSuite: text("casesPerSuite"),
    sampling: { seed: text("seed"), temperature: text("temperature"), topP: text("topP"), maxNewTokens: text("maxNewTokens") },
    // The schema keeps only the fields of the chosen kind: a target chosen before choosing "off" is dropped.
    backend: { kind: text(BACKEND_FIELDS.kind) ?? "local", target: text(BACKEND_FIELDS.target) },
    verdictRule: text("verdictRule"),
    // The judges chosen, in the form's order; one left "off" is no judge.
    judges: Array.from({ length: FORM_JUDGES }, (_, index) => judgeFields(index))
      .filter((fields) => (text(fields.kind) ?? "off") !== "off")
      .map((fields) => ({ kind: text(fields.kind), target: text(fields.target), adapter: text(fields.adapter), mode: text(fields.mode) })),
  };
}
