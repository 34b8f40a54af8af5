"use client";
// Three ways to start a model. An uploaded card is previewed (what it holds, the importer's
// warnings, its differences from the model it is compared with) and written only on confirmation.
import Link from "next/link";
import { useActionState } from "react";
import { KeepTyped, TypedInput, TypedSelect } from "@/app/_components/typed-controls";
import type { CardPreview } from "@/lib/models/create-model";
import { createModelAction, type CreateModelState } from "./actions";
import { withBidiControlsNamed } from "@/lib/domain/bidi-controls";
import { ShownText } from "@/app/_components/shown-text";

const initial: CreateModelState = { ok: false, message: null };

function Outcome({ state }: { state: CreateModelState }) {
  if (!state.message) return null;
  return (
    <p role={state.ok ? "status" : "alert"} className={state.ok ? "summary" : "field-error"}>
      <ShownText text={state.message} /> {state.slug && <Link href={`/models/${state.slug}/matrix`}>Open its matrix</Link>}
    </p>
  );
}

/**
 * What an uploaded card holds, before it is written. Its name, the importer's warnings and the
 * differences quote the card's text, so a bidirectional control in them is shown, not applied.
 */
export function CardPreviewView({ preview }: { preview: CardPreview }) {
  return (
    <>
      <h3>
        What the card holds: <ShownText text={preview.name} />
      </h3>
      <p>
        {preview.counts.risks} risks, {preview.counts.uses} uses, {preview.counts.cells} cells, {preview.counts.mitigations} mitigations.
      </p>
      {preview.warnings.length > 0 && (
        <ul aria-label="Importer warnings">
          {preview.warnings.map((warning) => (
            <li key={warning}>
              <ShownText text={warning} />
            </li>
          ))}
        </ul>
      )}
      {preview.comparedWith && (
        <>
          <h3>
            Differences from {preview.comparedWith}: {preview.differences.length}
          </h3>
          {preview.differences.length === 0 ? (
            <p className="small">The card says what {preview.comparedWith} holds.</p>
          ) : (
            <ul aria-label="Differences from the compared model">
              {preview.differences.slice(0, 200).map((difference) => (
                <li key={difference.where}>
                  <ShownText text={`${difference.where}: ${JSON.stringify(difference.stored)} → ${JSON.stringify(difference.incoming)}`} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

export function CreateModelForms({ models }: { models: { slug: string; name: string }[] }) {
  const [blank, submitBlank, blankPending] = useActionState(createModelAction, initial);
  const [template, submitTemplate, templatePending] = useActionState(createModelAction, initial);
  const [card, submitCard, cardPending] = useActionState(createModelAction, initial);
  return (
    <>
      <section className="panel">
        <h2>Blank</h2>
        <form action={submitBlank} aria-label="Create a blank model">
          <input type="hidden" name="from" value="blank" />
          <KeepTyped typed={blank.typed}>
            <label className="field">
              Name <TypedInput name="name" required />
            </label>
            <label className="field">
              Slug (lower-case letters, digits, dashes) <TypedInput name="slug" required pattern="[a-z0-9][a-z0-9-]*" />
            </label>
          </KeepTyped>
          <button type="submit" disabled={blankPending}>
            Create the blank model
          </button>
          <Outcome state={blank} />
        </form>
      </section>

      <section className="panel">
        <h2>From a template</h2>
        <form action={submitTemplate} aria-label="Create a model from a template">
          <input type="hidden" name="from" value="template" />
          <KeepTyped typed={template.typed}>
            <label className="field">
              Template model
              <TypedSelect name="template">
                {models.map((model) => (
                  <option key={model.slug} value={model.slug}>
                    {withBidiControlsNamed(model.name)} ({model.slug})
                  </option>
                ))}
              </TypedSelect>
            </label>
            <label className="field">
              Name <TypedInput name="name" required />
            </label>
            <label className="field">
              Slug <TypedInput name="slug" required pattern="[a-z0-9][a-z0-9-]*" />
            </label>
          </KeepTyped>
          <p className="small muted">Its uses, risks and mitigations are copied; every cell starts not assessed, with no evidence.</p>
          <button type="submit" disabled={templatePending}>
            Create from the template
          </button>
          <Outcome state={template} />
        </form>
      </section>

      <section className="panel">
        <h2>From a model card</h2>
        <form action={submitCard} aria-label="Create a model from a card">
          <input type="hidden" name="from" value="card" />
          <label className="field">
            Model card (markdown with a risk section) <input name="card" type="file" accept=".md,text/markdown,text/plain" required={!card.preview} />
          </label>
          <KeepTyped typed={card.typed}>
            <label className="field">
              Slug <TypedInput name="slug" required pattern="[a-z0-9][a-z0-9-]*" defaultValue={card.fields?.slug} />
            </label>
            <label className="field">
              Compare with
              <TypedSelect name="compareWith" defaultValue={card.fields?.compareWith ?? models[0]?.slug}>
                <option value="">nothing</option>
                {models.map((model) => (
                  <option key={model.slug} value={model.slug}>
                    {withBidiControlsNamed(model.name)} ({model.slug})
                  </option>
                ))}
              </TypedSelect>
            </label>
            {card.preview && <input type="hidden" name="markdown" value={card.markdown} />}
            {card.preview && (
              <div data-testid="card-preview">
                <CardPreviewView preview={card.preview} />
                <label className="field">
                  <TypedInput type="checkbox" name="confirm" value="yes" /> Create the model from this card
                </label>
              </div>
            )}
          </KeepTyped>
          <button type="submit" disabled={cardPending}>
            {card.preview ? "Continue" : "Read the card"}
          </button>
          <Outcome state={card} />
        </form>
      </section>
    </>
  );
}
