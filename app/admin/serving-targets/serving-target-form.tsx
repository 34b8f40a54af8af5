"use client";
import { useActionState, type ComponentProps } from "react";
import { KeepTyped, TypedInput } from "@/app/_components/typed-controls";
import { createServingTargetAction, updateServingTargetAction, type ServingTargetActionState } from "./actions";
import { ShownText } from "@/app/_components/shown-text";

const initial: ServingTargetActionState = { ok: false, message: null };

export interface ServingTargetValues {
  id: string;
  name: string;
  baseUrl: string;
  model: string;
  declaredRevision: string;
  apiKeyEnv: string | null;
  promptPricePerMillion: number | null;
  completionPricePerMillion: number | null;
}

/** One labelled field of the form; `idOf` makes its element id unique to the form (one form per target on the page). */
function TargetField({ idOf, name, label, ...input }: Omit<ComponentProps<typeof TypedInput>, "id"> & { idOf: (field: string) => string; label: string }) {
  return (
    <div className="field">
      <label htmlFor={idOf(name)}>{label}</label>
      <TypedInput id={idOf(name)} name={name} {...input} />
    </div>
  );
}

/** Adds a target, or edits `target` when given. */
export function ServingTargetForm({ target }: { target?: ServingTargetValues }) {
  const [state, action, pending] = useActionState(target ? updateServingTargetAction : createServingTargetAction, initial);
  const id = (field: string) => `${target?.id ?? "new"}-${field}`;
  return (
    <form action={action} className="panel" aria-label={target ? `Edit serving target ${target.name}` : "Add a serving target"}>
      {state.message && (
        <p className={`notice ${state.ok ? "notice-ok" : "notice-error"}`} role={state.ok ? "status" : "alert"}>
          <ShownText text={state.message} />
        </p>
      )}
      {target && <input type="hidden" name="id" value={target.id} />}
      <KeepTyped typed={state.typed}>
        <div className="field-row">
          <TargetField idOf={id} name="name" label="Name" required maxLength={64} defaultValue={target?.name} placeholder="beluga-vllm" />
          <TargetField
            idOf={id}
            name="baseUrl"
            label="Base URL"
            type="url"
            required
            maxLength={2000}
            defaultValue={target?.baseUrl}
            placeholder="http://10.0.0.5:8000/v1"
          />
        </div>
        <div className="field-row">
          <TargetField
            idOf={id}
            name="model"
            label="Model it serves"
            required
            maxLength={200}
            defaultValue={target?.model}
            placeholder="stabilityai/StableBeluga2"
          />
          <TargetField
            idOf={id}
            name="declaredRevision"
            label="Declared revision"
            required
            maxLength={200}
            defaultValue={target?.declaredRevision}
            placeholder="the checkpoint's commit hash"
          />
          <TargetField
            idOf={id}
            name="apiKeyEnv"
            label="API key environment variable (optional)"
            maxLength={128}
            defaultValue={target?.apiKeyEnv ?? ""}
            placeholder="BELUGA_API_KEY"
          />
          <TargetField
            idOf={id}
            name="promptPricePerMillion"
            label="Price per million prompt tokens (optional)"
            inputMode="decimal"
            defaultValue={target?.promptPricePerMillion ?? ""}
          />
          <TargetField
            idOf={id}
            name="completionPricePerMillion"
            label="Price per million completion tokens (optional)"
            inputMode="decimal"
            defaultValue={target?.completionPricePerMillion ?? ""}
          />
        </div>
      </KeepTyped>
      <button type="submit" className="primary" disabled={pending}>
        {target ? "Save" : "Add serving target"}
      </button>
    </form>
  );
}
