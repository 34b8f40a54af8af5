// A result file names the model its tool tested (garak's model name, promptfoo's provider, Inspect's model). Its
// results count for the model they are imported into whatever the file says, so where that name does not name the
// model (garak's own "test" generator, another vendor's model) the preview says so before anything is written.
// Names are compared squeezed to letters and digits: "stabilityai/StableBeluga2" names stable-beluga-2.
const squeezed = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

export function testedModelNote(testedModel: string | null, model: { slug: string; name: string }): string | null {
  const tested = squeezed(testedModel ?? "");
  if (tested === "") return null;
  if ([model.slug, model.name].some((name) => squeezed(name) !== "" && tested.includes(squeezed(name)))) return null;
  return `the file says it tested "${testedModel}", a name that is not ${model.name}'s (${model.slug}): its results count for ${model.slug} all the same, so import it only if that is what "${testedModel}" served`;
}
