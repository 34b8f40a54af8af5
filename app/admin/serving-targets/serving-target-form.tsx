"use client";
import { useActionState } from "react";
import { KeepTyped, TypedInput } from "@/app/_components/typed-controls";
import { createServingTargetAction, updateServingTargetAction, type ServingTargetActionState } from "./actions";

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

/** Adds a target, or edits `target` when given. */
export function ServingTargetForm({ target }: { target?: ServingTargetValues }) {
  const [state, action, pending] = useActionState(target ? updateServingTargetAction : createServingTargetAction, initial);
  const id = (field: string) => `${target?.id ?? "new"}-${field}`;
  return (
    <form action={action} className="panel" aria-label={target ? `Edit serving target ${target.name}` : "Add a serving target"}>
      {state.message && (
        <p className={`notice ${state.ok ? "notice-ok" : "notice-error"}`} role={state.ok ? "status" : "alert"}>
          {state.message}
        </p>
      )}
      {target && <input type="hidden" name="id" value={target.id} />}
      <KeepTyped typed={state.typed}>
        <div className="field-row">
          <div className="field">
            <label htmlFor={id("name")}>Name</label>
            <TypedInput id={id("name")} name="name" required maxLength={64} defaultValue={target?.name} placeholder="beluga-vllm" />
          </div>
          <div className="field">
            <label htmlFor={id("baseUrl")}>Base URL</label>
            <TypedInput
              id={id("baseUrl")}
              name="baseUrl"
              type="url"
              required
              maxLength={2000}
              defaultValue={target?.baseUrl}
              placeholder="http://10.0.0.5:8000/v1"
            />
          </div>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={id("model")}>Model it serves</label>
            <TypedInput id={id("model")} name="model" required maxLength={200} defaultValue={target?.model} placeholder="stabilityai/StableBeluga2" />
          </div>
          <div className="field">
            <label htmlFor={id("declaredRevision")}>Declared revision</label>
            <TypedInput
              id={id("declaredRevision")}
              name="declaredRevision"
              required
              maxLength={200}
              defaultValue={target?.declaredRevision}
              placeholder="the checkpoint's commit hash"
            />
          </div>
          <div className="field">
            <label htmlFor={id("apiKeyEnv")}>API key environment variable (optional)</label>
            <TypedInput id={id("apiKeyEnv")} name="apiKeyEnv" maxLength={128} defaultValue={target?.apiKeyEnv ?? ""} placeholder="BELUGA_API_KEY" />
          </div>
          <div className="field">
            <label htmlFor={id("promptPricePerMillion")}>Price per million prompt tokens (optional)</label>
            <TypedInput id={id("promptPricePerMillion")} name="promptPricePerMillion" inputMode="decimal" defaultValue={target?.promptPricePerMillion ?? ""} />
          </div>
          <div className="field">
            <label htmlFor={id("completionPricePerMillion")}>Price per million completion tokens (optional)</label>
            <TypedInput
              id={id("completionPricePerMillion")}
              name="completionPricePerMillion"
              inputMode="decimal"
              defaultValue={target?.completionPricePerMillion ?? ""}
            />
          </div>
        </div>
      </KeepTyped>
      <button type="submit" className="primary" disabled={pending}>
        {target ? "Save" : "Add serving target"}
      </button>
    </form>
  );
}
