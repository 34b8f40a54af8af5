"use client";
import { useActionState } from "react";
import { KeepTyped, TypedInput } from "@/app/_components/typed-controls";
import type { CampaignLimits } from "@/lib/campaigns/settings/campaign-limits";
import { updateCampaignLimitsAction } from "./actions";

export function CampaignLimitsForm({ limits, labels }: { limits: CampaignLimits; labels: Record<keyof CampaignLimits, string> }) {
  const [result, action, pending] = useActionState(updateCampaignLimitsAction, null);
  return (
    <form action={action} className="panel" aria-label="Campaign limits">
      {result && (
        <p className={`notice ${result.ok ? "notice-ok" : "notice-error"}`} role={result.ok ? "status" : "alert"}>
          {result.ok ? "Saved: new campaigns are held to these limits." : result.message}
        </p>
      )}
      <KeepTyped typed={result?.ok ? undefined : result?.typed}>
        <div className="field-row">
          {(Object.keys(labels) as (keyof CampaignLimits)[]).map((name) => (
            <div className="field" key={name}>
              <label htmlFor={`limit-${name}`}>Most {labels[name]}</label>
              <TypedInput id={`limit-${name}`} name={name} type="number" min={1} step={1} required defaultValue={limits[name]} />
            </div>
          ))}
        </div>
      </KeepTyped>
      <button type="submit" disabled={pending}>
        Save limits
      </button>
    </form>
  );
}
