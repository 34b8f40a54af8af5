// What a reviewer may change on a cell. Shared by the cell editor form, the server action, the
// HTTP API and the tests.
import { z } from "zod";
import { appliesSchema, mitigationStatusSchema, reviewStatusSchema, riskCode, subjectAtRiskSchema, useCode } from "../card/schema";
import { calendarDate } from "../domain/calendar-date";
import { freeText, namedString } from "../domain/free-text";
import { expectedVersion, modelSlugRef, recordId } from "../domain/record-id";

const oneToFive = (field: string) =>
  z
    .number({ error: `${field} must be a whole number from 1 to 5` })
    .int(`${field} must be a whole number from 1 to 5`)
    .min(1, `${field} must be from 1 to 5`)
    .max(5, `${field} must be from 1 to 5`);

export const failureThresholdSchema = z
  .number({ error: "the failure threshold is a percentage above 0 and below 100" })
  .gt(0, "the failure threshold is a percentage above 0 and below 100")
  .lt(1, "the failure threshold is a percentage above 0 and below 100");

export const minSampleSizeSchema = z
  .number({ error: "the minimum sample is a whole number of cases from 1 to 100,000" })
  .int("the minimum sample is a whole number of cases from 1 to 100,000")
  .min(1, "the minimum sample is a whole number of cases from 1 to 100,000")
  .max(100_000, "the minimum sample is a whole number of cases from 1 to 100,000");

export const cellChangesSchema = z
  .object({
    applies: appliesSchema,
    subjectAtRisk: subjectAtRiskSchema.nullable(),
    likelihood: oneToFive("likelihood").nullable(),
    severity: oneToFive("severity").nullable(),
    rationale: freeText("the rationale").max(10_000, "rationale is limited to 10,000 characters"),
    reviewStatus: reviewStatusSchema,
    ownerId: namedString("the owner's id").max(100).nullable(),
    dueDate: calendarDate("the due date").nullable(),
    acceptedUntil: calendarDate("the acceptance's end").nullable(),
    acceptanceJustification: freeText("the acceptance justification").max(5_000).nullable(),
    failureThreshold: failureThresholdSchema,
    minSampleSize: minSampleSizeSchema,
    mitigationStatus: z.record(namedString("a mitigation's id").max(100), mitigationStatusSchema),
  })
  .partial()
  .strict();

/** A cell is named by its id, or by model, risk code and use code (CLI and API). */
export const cellRefSchema = z.union([z.object({ cellId: recordId("the cell's id") }), z.object({ modelSlug: modelSlugRef, risk: riskCode, use: useCode })]);

export const cellEditSchema = z.object({
  ref: cellRefSchema,
  /** The version the editor was showing: a different stored version is a conflict. */
  expectedVersion,
  changes: cellChangesSchema,
});

export type CellChanges = z.infer<typeof cellChangesSchema>;
export type CellRef = z.infer<typeof cellRefSchema>;
export type CellEdit = z.infer<typeof cellEditSchema>;
