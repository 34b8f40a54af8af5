// An imported result as a source of overrides (the rule: lib/evidence/verdict-override.ts): the
// tool's own verdict stays stored beside the override, and a confirmed one recounts the import's
// own cells in place. Every stored import has written its evidence, so every confirmed override
// recounts; a result of one still being stored (import-storing.ts), or of one superseded by a later
// import of its run (which counts nowhere, its overrides carried to that import), is not there to override.
import { defineOverrideCommands, unchangedOverride } from "../evidence/verdict-override";
import { recountOverriddenResult } from "../evidence/import-aggregate";
import { inForceImport } from "./import-storing";

const importedResultOverrides = defineOverrideCommands({
  name: "imported-result",
  idField: "resultId",
  entityType: "ExternalResult",
  noun: "imported result",
  doing: { propose: "overriding an imported result's verdict", confirm: "confirming an override of an imported result" },
  async read(tx, resultId) {
    const result = await tx.externalResult.findFirst({
      where: { id: resultId, externalImport: inForceImport },
      select: { verdict: true, overrideVerdict: true, overrideReason: true, overrideById: true, overrideConfirmedAt: true },
    });
    return result && { ...result, hasEvidence: true };
  },
  async write(tx, resultId, read, columns) {
    return (await tx.externalResult.updateMany({ where: unchangedOverride(resultId, read), data: columns })).count === 1;
  },
  recount: recountOverriddenResult,
});

export const overrideImportedResult = importedResultOverrides.propose;
export const confirmImportedOverride = importedResultOverrides.confirm;
