// What each detector found on a run, as CaseRun.findings stores it (commit-result.ts writes it),
// read back through one schema.
import { z } from "zod";
import { readJsonColumn } from "../db/json-columns";
import { DETECTOR_VERDICTS, type DetectorResult } from "./types";

const storedFindingsSchema = z.array(
  z.object({
    verdict: z.enum(DETECTOR_VERDICTS),
    evidence: z.string(),
    detector: z.string(),
    advisory: z.boolean().optional(),
    risks: z.array(z.string()).optional(),
  }),
);

/** A run not judged yet has none. */
export function readStoredFindings(value: unknown): DetectorResult[] {
  return value == null ? [] : readJsonColumn(storedFindingsSchema, value, "CaseRun.findings");
}
