// Hand-labelled model outputs that measure the detectors (content/detectors/labelled-outputs.jsonl:
// data the running app reads, so it lives in content/), and the hash that versions them.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { withLfLineEnds } from "../content/yaml-content";
import { utf8FileText } from "../imports/utf8-text";
import { DETECTOR_NAMES, EXPECTED_BEHAVIOURS } from "./types";

export const labelledOutputsPath = path.join(process.cwd(), "content", "detectors", "labelled-outputs.jsonl");

const verdict = z.enum(["pass", "fail", "not_applicable"]);
const labelledOutputSchema = z.strictObject({
  id: z.string().min(1),
  case: z.strictObject({
    language: z.string().min(2),
    prompt: z.string().min(1),
    expected: z.array(z.enum(EXPECTED_BEHAVIOURS)).min(1),
  }),
  output: z.string(),
  /** The verdict a careful reviewer gives, per detector name. */
  labels: z.partialRecord(z.enum(DETECTOR_NAMES), verdict),
  note: z.string().optional(),
  /** "tuning": seen while the detectors were written; "holdout": written afterwards, never tuned on. */
  split: z.enum(["tuning", "holdout"]),
});
export type LabelledOutput = z.infer<typeof labelledOutputSchema>;

export interface LabelledOutputs {
  /** sha256 of the file: changes whenever a label or an output does. */
  hash: string;
  examples: LabelledOutput[];
}

/**
 * The file's text. The path is spelled out in the call, not passed in, so the Next build traces this one file.
 * Read as UTF-8, a line saved in another encoding would hold U+FFFD where its author wrote a character, an
 * output nobody labelled, hashed as text the file does not hold: it is refused at its first such byte.
 */
function labelledOutputsText(): string {
  const read = utf8FileText(readFileSync(path.join(process.cwd(), "content", "detectors", "labelled-outputs.jsonl")));
  if ("notUtf8" in read) {
    const { line, column, problem } = read.notUtf8;
    throw new Error(`${path.join(process.cwd(), "content", "detectors", "labelled-outputs.jsonl")}:${line}:${column}: ${problem}`);
  }
  return read.text;
}

// Every page that shows a detector figure asks for the hash (several times a request), and the file
// is 380 KB: it is hashed again only when its size, modification time or inode moved, which an
// edit, a checkout or a replacement always changes.
let hashed: { stamp: string; hash: string } | null = null;

export function labelledOutputsHash(): string {
  const stat = statSync(path.join(process.cwd(), "content", "detectors", "labelled-outputs.jsonl"), { bigint: true });
  const stamp = `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
  if (hashed?.stamp !== stamp) hashed = { stamp, hash: createHash("sha256").update(labelledOutputsText()).digest("hex") };
  return hashed.hash;
}

export function readLabelledOutputs(): LabelledOutputs {
  const text = labelledOutputsText();
  // Lines end at LF, CRLF or CR alone (an editor set to classic Mac OS line ends): split at LF only,
  // such a file was one line, refused as a bare JSON error. The hash stays the file's own text's.
  // A detector's verdicts are kept by id: a line repeated would be counted twice, and another output
  // under an id already used would be judged by that one's verdict.
  const lineOfId = new Map<string, number>();
  // A byte order mark (Windows Notepad's UTF-8) is no part of the first line's JSON.
  const examples = withLfLineEnds(text.replace(/^\uFEFF/, ""))
    .split("\n")
    .flatMap((line, index) => {
      if (!line.trim()) return [];
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (error) {
        throw new Error(`${labelledOutputsPath}:${index + 1}: not JSON: ${(error as Error).message}`);
      }
      const parsed = labelledOutputSchema.safeParse(json);
      if (!parsed.success)
        throw new Error(`${labelledOutputsPath}:${index + 1}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      const earlier = lineOfId.get(parsed.data.id);
      if (earlier !== undefined)
        throw new Error(`${labelledOutputsPath}:${index + 1}: id ${parsed.data.id} is line ${earlier}'s already: each labelled output has an id of its own`);
      lineOfId.set(parsed.data.id, index + 1);
      return [parsed.data];
    });
  return { hash: createHash("sha256").update(text).digest("hex"), examples };
}
