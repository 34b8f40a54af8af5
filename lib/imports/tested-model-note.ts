// A result file names the model its tool tested (garak's model name, promptfoo's provider, Inspect's model). Its
// results count for the model they are imported into whatever the file says, so where that name does not name the
// model (garak's own "test" generator, another vendor's model) the preview says so before anything is written, and the
// evidence says so wherever it is shown (importedEvidenceLabel).
import { namesAnotherModel } from "../evidence/imported-source";

export function testedModelNote(testedModel: string | null, model: { slug: string; name: string }): string | null {
  if (!namesAnotherModel(testedModel, model)) return null;
  return `the file says it tested "${testedModel}", a name that is not ${model.name}'s (${model.slug}): its results count for ${model.slug} all the same, marked so wherever they are shown and listed as release gaps, so import it only if that is what "${testedModel}" served`;
}
