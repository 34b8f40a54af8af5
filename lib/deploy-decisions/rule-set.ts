// The deploy rule set: data in content/deploy-rules/ (the file's own comments explain each
// condition), read through one zod schema with every problem named by file, line and field.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { freeText } from "../domain/free-text";
import { contentDir } from "../content/paths";
import { contentFileText, parseYamlContent, type ContentProblem, type PlaceProblem } from "../content/yaml-content";
import { LEVELS } from "../domain/level";
import { APPLIES, MITIGATION_STATUSES, REVIEW_STATUSES } from "../domain/vocabulary";
import { EVIDENCE_STATUSES } from "../matrix/evidence-status";

const nonEmpty = <T extends z.ZodType>(item: T) => z.array(item).min(1, "list at least one value, or leave the condition out");

export const ruleConditionSchema = z.strictObject({
  applies: nonEmpty(z.enum(APPLIES)).optional(),
  evidence: nonEmpty(z.enum(EVIDENCE_STATUSES)).optional(),
  severityAtLeast: z.number().int().min(1, "severity runs from 1 to 5").max(5, "severity runs from 1 to 5").optional(),
  levelAtLeast: z.enum(LEVELS).optional(),
  reviewStatus: nonEmpty(z.enum(REVIEW_STATUSES)).optional(),
  acceptance: z.enum(["current", "none"]).optional(),
  mitigation: nonEmpty(z.enum(MITIGATION_STATUSES)).optional(),
  worseThanReference: z.literal(true).optional(),
});

export const deployRuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}$/, "an id is lower-case letters, digits and dashes"),
  when: ruleConditionSchema.refine((when) => Object.keys(when).length > 0, "a rule needs at least one condition: with none it would match every cell"),
  outcome: z.enum(["DEPLOY_WITH_CONDITIONS", "DO_NOT_DEPLOY"]),
  /** What a matching cell is, after its name: "R3×U2 fails above its threshold". */
  says: freeText("what the rule says").trim().min(1).max(300),
});

export const deployRuleSetSchema = z.strictObject({
  name: freeText("the rule set's name").trim().min(1).max(200),
  /** Where the rules come from: what an auditor reads to judge them. */
  source: freeText("the rule set's source").trim().min(1).max(500),
  /** A model of this app (its slug) the relative grading compares against; null for none. */
  referenceModel: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,80}$/, "a model is named by its slug")
    .nullable(),
  rules: z.array(deployRuleSchema).min(1, "a rule set needs at least one rule"),
});

export type RuleCondition = z.infer<typeof ruleConditionSchema>;
export type DeployRule = z.infer<typeof deployRuleSchema>;
export type DeployRuleSet = z.infer<typeof deployRuleSetSchema>;

export interface LoadedRuleSet {
  /** Relative to the repository's content/ folder, as the decision records it. */
  file: string;
  /** sha256 of the file's text: a decision signed under another hash is stale. */
  hash: string;
  rules: DeployRuleSet;
}

export const defaultRuleSetFile = path.join(contentDir, "deploy-rules", "default.yaml");

function uniqueIds(ruleSet: DeployRuleSet, place: PlaceProblem): ContentProblem[] {
  const seen = new Set<string>();
  return ruleSet.rules.flatMap((rule, index) => {
    if (!seen.has(rule.id)) {
      seen.add(rule.id);
      return [];
    }
    return [place(["rules", index, "id"], `the id "${rule.id}" is used by an earlier rule`)];
  });
}

/** Parses a rule set's text; throws ContentFileError naming file, line and field of each problem. */
export function parseRuleSet(text: string, file: string): DeployRuleSet {
  return parseYamlContent(text, file, deployRuleSetSchema, uniqueIds);
}

// Every page that shows a deploy decision (the card preview among them) loads the rule set, and
// parsing its YAML against the schema takes ~10 ms: the file is read each time, parsed again only
// when its text or name changed, so an edited rule set still counts at once.
let lastLoaded: { file: string; text: string; loaded: LoadedRuleSet } | null = null;

export function loadRuleSet(file = defaultRuleSetFile): LoadedRuleSet {
  const relative = path.relative(path.dirname(contentDir), file);
  const text = contentFileText(readFileSync(/*turbopackIgnore: true*/ file), relative);
  if (lastLoaded?.file === file && lastLoaded.text === text) return lastLoaded.loaded;
  const loaded = { file: relative, hash: createHash("sha256").update(text).digest("hex"), rules: parseRuleSet(text, relative) };
  lastLoaded = { file, text, loaded };
  return loaded;
}
