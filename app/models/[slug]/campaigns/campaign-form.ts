// The start-a-campaign form's fields in the settings schema's shape. createCampaign validates the
// result with campaignSettingsSchema, as it does the CLI's flags and the API's JSON; an empty
// field is absent, so the schema's default (or its message) applies.

/** The form's field names for the backend and the model judge (see start-campaign-form.tsx). */
export const BACKEND_FIELDS = { kind: "backendKind", target: "backendTarget" } as const;
export const JUDGE_FIELDS = { kind: "judgeKind", target: "judgeTarget", adapter: "judgeAdapter", mode: "judgeMode" } as const;

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
    judge: {
      kind: text(JUDGE_FIELDS.kind) ?? "off",
      target: text(JUDGE_FIELDS.target),
      adapter: text(JUDGE_FIELDS.adapter),
      mode: text(JUDGE_FIELDS.mode),
    },
  };
}
