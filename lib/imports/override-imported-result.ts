// An imported result as a source of overrides (the rule: lib/evidence/verdict-override.ts): the
// tool's own verdict stays stored beside the override, and a confirmed one recounts the import's
// own cells in place. Every import has written its evidence, so every confirmed override recounts.
import { defineOverrideCommands } from "../evidence/verdict-override";
import { recountOverriddenResult } from "../evidence/import-aggregate";

const importedResultOverrides = defineOverrideCommands({
  name: "imported-result",
  idField: "resultId",
  entityType: "ExternalResult",
  noun: "imported result",
  doing: { propose: "overriding an imported result's verdict", confirm: "confirming an override of an imported result" },
  async read(tx, resultId) {
    const result = await tx.externalResult.findUnique({
      where: { id: resultId },
      select: { verdict: true, overrideVerdict: true, overrideReason: true, overrideById: true, overrideConfirmedAt: true },
    });
    return result && { ...result, hasEvidence: true };
  },
  async write(tx, resultId, columns) {
    await tx.externalResult.update({ where: { id: resultId }, data: columns });
  },
  recount: recountOverriddenResult,
});

export const overrideImportedResult = importedResultOverrides.propose;
export const confirmImportedOverride = importedResultOverrides.confirm;
