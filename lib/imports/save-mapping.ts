// The mapping of other tools' results to risks is edited in the browser and kept where it always
// was, as YAML in content/mappings/ (risk-mapping.ts reads it): a save is refused unless the text
// passes the one mapping schema, and unless the file still holds what the editor started from (two
// people editing at once: the second is told, nothing of the first is lost). The old and new text
// are in the audit log. Imports already made keep the mapping's hash they were made with.
import { createHash } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { defineCommand } from "../commands/define-command";
import { withLfLineEnds } from "../content/yaml-content";
import { mappingsDir, parseRiskMapping, RiskMappingError, riskMappingText } from "./risk-mapping";

export const MAPPING_FILE_NAME = /^[a-z0-9][a-z0-9-]*\.yaml$/;

export const saveMappingSchema = z
  .object({
    file: z.string().regex(MAPPING_FILE_NAME, "a file name such as default.yaml"),
    text: z.string().max(200_000, "a mapping of at most 200,000 characters"),
    /** sha256 of the text the editor was opened with. */
    baseSha256: z.string().regex(/^[0-9a-f]{64}$/, "the sha256 of the text the editor started from"),
  })
  .strict();
export type SaveMappingInput = z.input<typeof saveMappingSchema>;

export type SaveMappingResult =
  | { ok: true; sha256: string }
  | { ok: false; kind: "invalid" | "not_found" | "conflict" | "unchanged" | "forbidden"; message: string };

export const sha256OfText = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * A mapping file's text and its sha256; what is wrong with it when it is not UTF-8 (imports refuse
 * it: shown with U+FFFD, a save would write those over the bytes it held); null when there is no such file.
 */
export async function readMappingFile(file: string): Promise<{ text: string; sha256: string } | { notUtf8: string } | null> {
  if (!MAPPING_FILE_NAME.test(file)) return null;
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(mappingsDir(), file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const text = riskMappingText(bytes, file);
    return { text, sha256: sha256OfText(text) };
  } catch (error) {
    if (error instanceof RiskMappingError) return { notUtf8: error.message };
    throw error;
  }
}

export const saveMapping = defineCommand({
  name: "mapping.save",
  doing: "editing the mapping of other tools' results to risks",
  role: "REVIEWER",
  schema: saveMappingSchema,
  audit: ["mapping.save"],
  async run(db, actor, input): Promise<SaveMappingResult> {
    const { file, baseSha256 } = input;
    try {
      parseRiskMapping(input.text, file);
    } catch (error) {
      if (error instanceof RiskMappingError) return { ok: false, kind: "invalid", message: error.message };
      throw error;
    }
    const current = await readMappingFile(file);
    if (!current) return { ok: false, kind: "not_found", message: `no mapping ${file}` };
    if ("notUtf8" in current) return { ok: false, kind: "invalid", message: current.notUtf8 };
    if (current.sha256 !== baseSha256)
      return { ok: false, kind: "conflict", message: `${file} was changed by someone else since you opened it: reload it, then make your change again` };
    // A browser sends a text area's line ends as CRLF whatever the file held: written as sent, a save
    // rewrote every line, and the text as opened was taken for a change. The file keeps its own.
    const text = withLfLineEnds(input.text).replaceAll("\n", current.text.includes("\r\n") ? "\r\n" : "\n");
    const sha256 = sha256OfText(text);
    if (sha256 === current.sha256) return { ok: false, kind: "unchanged", message: "nothing changed" };
    const target = path.join(mappingsDir(), file);
    // The audit row and the file together: a file that cannot be written leaves no audit row.
    await db.$transaction(async (tx) => {
      await recordAuditEvent(tx, actor, {
        action: "mapping.save",
        entityType: "RiskMapping",
        entityId: file,
        before: { sha256: current.sha256, text: current.text },
        after: { sha256, text },
      });
      const written = `${target}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(written, text);
      await rename(written, target);
    });
    return { ok: true, sha256 };
  },
});
