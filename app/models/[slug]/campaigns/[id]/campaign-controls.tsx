"use client";
// Pause, resume, cancel and "retry failed": each a button posting to one server action; a pause or
// cancel hands the campaign's leased runs back at once, and its workers stop at their next heartbeat.
import { useActionState } from "react";
import { controlCampaignAction } from "../actions";
import { ShownText } from "@/app/_components/shown-text";

const actionsFor: Record<string, { action: string; label: string }[]> = {
  CREATING: [{ action: "cancel", label: "Cancel" }],
  QUEUED: [
    { action: "pause", label: "Pause" },
    { action: "cancel", label: "Cancel" },
  ],
  RUNNING: [
    { action: "pause", label: "Pause" },
    { action: "cancel", label: "Cancel" },
    { action: "retry", label: "Retry failed" },
  ],
  PAUSED: [
    { action: "resume", label: "Resume" },
    { action: "cancel", label: "Cancel" },
    { action: "retry", label: "Retry failed" },
  ],
  COMPLETED: [{ action: "retry", label: "Retry failed" }],
  CANCELLED: [],
};

export function CampaignControls({ campaignId, status }: { campaignId: string; status: string }) {
  const [result, control, pending] = useActionState(controlCampaignAction, null);
  const buttons = actionsFor[status] ?? [];
  if (buttons.length === 0) return null;
  return (
    <form action={control} className="toolbar" aria-label="Campaign controls">
      <input type="hidden" name="campaignId" value={campaignId} />
      {buttons.map((button) => (
        <button key={button.action} type="submit" name="action" value={button.action} disabled={pending}>
          {button.label}
        </button>
      ))}
      {result && !result.ok && (
        <span role="alert" className="field-error">
          <ShownText text={result.message} />
        </span>
      )}
      {result?.ok && result.message && (
        <span className="summary">
          <ShownText text={result.message} />
        </span>
      )}
    </form>
  );
}
