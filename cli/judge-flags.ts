// The campaign command's model judges from its flags: each --judge starts a judge, and the
// --judge-target, --judge-adapter and --judge-counts after it, up to the next --judge, belong to it,
// so `--judge openai --judge-target guard --judge-adapter llama-guard-3 --judge-counts --judge local`
// asks Llama Guard 3 (counted) and this model's rubric judge (advisory). The settings schema checks
// what they name; here only their grouping is read.

/** One --judge and the flags that follow it, in the settings schema's input shape. */
export interface JudgeFlags {
  kind: string;
  target?: string;
  adapter?: string;
  mode: "advisory" | "counted";
}

export const JUDGE_FLAG_NAMES = ["judge", "judge-target", "judge-adapter", "judge-counts"] as const;

/** The judges in the order given, or a message naming a flag that comes before any --judge. */
export function judgesFromFlags(
  tokens: readonly { kind: string; name?: string; value?: string }[],
): { ok: true; judges: JudgeFlags[] } | { ok: false; message: string } {
  const judges: JudgeFlags[] = [];
  for (const token of tokens) {
    if (token.kind !== "option" || !JUDGE_FLAG_NAMES.includes(token.name as (typeof JUDGE_FLAG_NAMES)[number])) continue;
    if (token.name === "judge") {
      judges.push({ kind: token.value ?? "", mode: "advisory" });
      continue;
    }
    const judge = judges.at(-1);
    if (!judge) return { ok: false, message: `--${token.name} belongs to a model judge: give it after the --judge it is for` };
    if (token.name === "judge-target") judge.target = token.value;
    else if (token.name === "judge-adapter") judge.adapter = token.value;
    else judge.mode = "counted";
  }
  return { ok: true, judges };
}

/** The settings' judge fields: none, the single-judge shape for one (its problems named as judge.*), the list for several. */
export function judgeSettingsFromFlags(judges: readonly JudgeFlags[]): { judge?: JudgeFlags; judges?: JudgeFlags[] } {
  if (judges.length === 0) return {};
  return judges.length === 1 ? { judge: judges[0] } : { judges: [...judges] };
}
