"use server";
// Creating a model: read the form (an uploaded card is read as UTF-8 text), run the command, word its result.
import { revalidatePath } from "next/cache";
import { uploadedCardText } from "@/lib/card/card-source-text";
import { refuseNotAForm, runAsSignedIn } from "@/lib/commands/run-in-request";
import { createModel, type CardPreview } from "@/lib/models/create-model";
import { typedFields, type TypedFields } from "@/app/_components/typed-fields";

export interface CreateModelState {
  ok: boolean;
  message: string | null;
  kind?: string;
  /** The model created, to link to. */
  slug?: string;
  /** An uploaded card's preview, shown before it is written. */
  preview?: CardPreview;
  /** The uploaded card's text, kept so confirming does not ask for the file again. */
  markdown?: string;
  /** What was typed, shown again with the preview (a form action resets its fields). */
  fields?: { slug: string; compareWith: string };
  /** A refusal's fields as typed, for the form to show again. */
  typed?: TypedFields;
}

export async function createModelAction(previous: CreateModelState, form: FormData): Promise<CreateModelState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const from = String(form.get("from") ?? "");
  const upload = form.get("card");
  /** A refusal with the fields as typed, and the preview the reviewer was looking at while its card is still the one sent. */
  const refused = (refusal: { kind: string; message: string }, markdown?: string): CreateModelState => {
    const sameCard = previous.preview && (markdown === undefined || markdown === previous.markdown);
    return { ok: false, ...refusal, typed: typedFields(form), ...(sameCard ? { preview: previous.preview, markdown: previous.markdown } : {}) };
  };
  // A file is read from its bytes, so that one not in UTF-8 is refused rather than read with U+FFFD; the preview's hidden field is text already.
  const uploaded =
    upload instanceof File && upload.size > 0 ? await uploadedCardText(upload) : { ok: true as const, markdown: String(form.get("markdown") ?? "") };
  if (!uploaded.ok) return refused(uploaded);
  const { markdown } = uploaded;
  const input =
    from === "card"
      ? { from, slug: form.get("slug"), markdown, compareWith: form.get("compareWith") || undefined, confirm: form.get("confirm") === "yes" }
      : { from, slug: form.get("slug"), name: form.get("name"), template: form.get("template") ?? undefined };
  const result = await runAsSignedIn(createModel, input);
  if (!result.ok) return refused(result, markdown);
  if (!result.created) {
    return {
      ok: true,
      message: null,
      preview: result.preview,
      markdown,
      fields: { slug: String(form.get("slug") ?? ""), compareWith: String(form.get("compareWith") ?? "") },
    };
  }
  revalidatePath("/models");
  return { ok: true, message: `Created ${result.slug}.`, slug: result.slug };
}
