"use client";
// Pause, resume, cancel and retry (the runs in error): each a button posting to one server action; a pause or
// cancel hands the campaign's leased runs back at once, and its workers stop at their next heartbeat.
import { useActionState } from "react";
import { controlCampaignAction } from "../actions";
import { ShownText } from "@/app/_components/shown-text";

type Action = "pause" | "resume" | "cancel" | "retry";

const actionsFor: Record<string, Action[]> = {
  CREATING: ["cancel"],
  QUEUED: ["pause", "cancel"],
  RUNNING: ["pause", "cancel", "retry"],
  PAUSED: ["resume", "cancel", "retry"],
  COMPLETED: ["retry"],
  CANCELLED: [],
};

/**
 * `errors`: its runs in error, which a retry puts back. It is offered only where there are some, and named for them: a
 * case that fails its detectors is a measurement, and "Retry failed" beside "26 fail · 0 error" read as an offer to ask
 * the failing cases again.
 */
export function CampaignControls({ campaignId, status, errors }: { campaignId: string; status: string; errors: number }) {
  const [result, control, pending] = useActionState(controlCampaignAction, null);
  const labels: Record<Action, string> = {
    pause: "Pause",
    resume: "Resume",
    cancel: "Cancel",
    retry: `Retry the ${errors} run${errors === 1 ? "" : "s"} in error`,
  };
  const buttons = (actionsFor[status] ?? []).filter((action) => action !== "retry" || errors > 0).map((action) => ({ action, label: labels[action] }));
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
