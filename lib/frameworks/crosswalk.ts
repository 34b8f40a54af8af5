// The framework crosswalks: one YAML file per framework in content/frameworks/ (NIST AI RMF 1.0,
// NIST AI 600-1, the EU AI Act, ISO/IEC 42001 Annex A, the OWASP Top 10 for LLM applications
// 2025), each with its source document, its controls or articles by id and title, and the card's
// risks mapped to each. Read through one zod schema; every problem is named by file, line and field.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { riskCode } from "../card/schema";
import { contentFolderFiles, notReadProblem, YAML_FILE_NAME } from "../content/content-folder";
import { contentDir } from "../content/paths";
import { ContentFileError, contentFileText, parseYamlContent, type ContentProblem, type PlaceProblem } from "../content/yaml-content";

export const frameworksDir = path.join(contentDir, "frameworks");

export const controlSchema = z.strictObject({
  /** As the framework numbers it: "MEASURE 2.11", "Art. 15", "A.6.2.4", "LLM01:2025". */
  id: z.string().trim().min(1).max(40),
  title: z.string().trim().min(1).max(500),
  /** The card's risks whose cells and evidence speak to this control; empty where none does. */
  risks: z.array(riskCode),
});

export const frameworkSchema = z.strictObject({
  framework: z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}$/, "a framework key is lower-case letters, digits and dashes"),
  title: z.string().trim().min(1).max(200),
  source: z.strictObject({
    document: z.string().trim().min(1).max(500),
    publisher: z.string().trim().min(1).max(200),
    /** As published: a year-month or a full date. */
    date: z.union([
      z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, "a date is YYYY-MM or YYYY-MM-DD"),
      z.date().transform((date) => date.toISOString().slice(0, 10)),
    ]),
    url: z.url(),
  }),
  controls: z.array(controlSchema).min(1, "a framework needs at least one control"),
});

export type FrameworkControl = z.infer<typeof controlSchema>;
export type Framework = z.infer<typeof frameworkSchema>;

function consistent(framework: Framework, place: PlaceProblem, file: string): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const seen = new Set<string>();
  framework.controls.forEach((control, index) => {
    if (seen.has(control.id)) problems.push(place(["controls", index, "id"], `the control "${control.id}" is listed twice`));
    seen.add(control.id);
    const risks = new Set<string>();
    control.risks.forEach((risk, at) => {
      if (risks.has(risk)) problems.push(place(["controls", index, "risks", at], `${risk} is mapped twice to ${control.id}`));
      risks.add(risk);
    });
  });
  if (path.basename(file).replace(YAML_FILE_NAME, "") !== framework.framework) {
    problems.push(place(["framework"], `the key "${framework.framework}" must match the file's name (${path.basename(file)})`));
  }
  return problems;
}

/** Parses one crosswalk's text; `file` names it in every problem. */
export function parseFramework(text: string, file: string): Framework {
  return parseYamlContent(text, file, frameworkSchema, (framework, place) => consistent(framework, place, file)) as Framework;
}

export function loadFrameworkFile(file: string): Framework {
  const relative = path.relative(path.dirname(contentDir), file);
  return parseFramework(contentFileText(readFileSync(file), relative), relative);
}

/** Every framework in `dir`, by file name; the problems of all files in one ContentFileError. */
export function loadFrameworks(dir = frameworksDir): Framework[] {
  const { yaml, notRead } = contentFolderFiles(dir);
  const relative = (name: string) => path.relative(path.dirname(contentDir), path.join(dir, name));
  const problems: ContentProblem[] = notRead.map((name) => ({ file: relative(name), line: 1, column: 1, field: "", message: notReadProblem("framework") }));
  const frameworks: Framework[] = [];
  // A framework's key is its file's name: saved as both .yaml and .yml, two files would claim it.
  const owners = new Map<string, string>();
  for (const name of yaml) {
    try {
      const framework = loadFrameworkFile(path.join(dir, name));
      const owner = owners.get(framework.framework);
      if (owner)
        problems.push({
          file: relative(name),
          line: 1,
          column: 1,
          field: "framework",
          message: `the framework "${framework.framework}" is already defined in ${owner}`,
        });
      else {
        owners.set(framework.framework, relative(name));
        frameworks.push(framework);
      }
    } catch (error) {
      if (!(error instanceof ContentFileError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ContentFileError(problems);
  return frameworks;
}
