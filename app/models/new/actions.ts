"use server";
// Creating a model: read the form (an uploaded card is read as text), run the command, word its result.
import { revalidatePath } from "next/cache";
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

export async function createModelAction(_previous: CreateModelState, form: FormData): Promise<CreateModelState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const from = String(form.get("from") ?? "");
  const upload = form.get("card");
  const markdown = upload instanceof File && upload.size > 0 ? await upload.text() : String(form.get("markdown") ?? "");
  const input =
    from === "card"
      ? { from, slug: form.get("slug"), markdown, compareWith: form.get("compareWith") || undefined, confirm: form.get("confirm") === "yes" }
      : { from, slug: form.get("slug"), name: form.get("name"), template: form.get("template") ?? undefined };
  const result = await runAsSignedIn(createModel, input);
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message, typed: typedFields(form) };
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
