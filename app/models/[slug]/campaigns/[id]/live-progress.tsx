"use client";
// The campaign's progress, live: server-sent events from /api/campaigns/:id/events. When the
// campaign stops running the page is refreshed so its tables show the final results.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { CampaignProgress } from "@/lib/campaigns/reads/campaign-progress";
import { modelLoadingSentence } from "@/lib/campaigns/runner/model-loading";
import { ShownText } from "@/app/_components/shown-text";
import { ServingOutageNotice } from "./serving-outage-notice";

export function LiveProgress({ initial }: { initial: CampaignProgress }) {
  const router = useRouter();
  const [progress, setProgress] = useState(initial);
  useEffect(() => {
    const source = new EventSource(`/api/campaigns/${initial.campaignId}/events`);
    let lastStatus = initial.status;
    source.addEventListener("progress", (event) => {
      const next = JSON.parse((event as MessageEvent<string>).data) as CampaignProgress;
      setProgress(next);
      if (next.status !== lastStatus) router.refresh();
      lastStatus = next.status;
      if (next.status === "COMPLETED" || next.status === "CANCELLED") source.close();
    });
    return () => source.close();
  }, [initial.campaignId, initial.status, router]);

  const finished = progress.done + progress.errors;
  return (
    <section aria-label="Progress" className="panel" data-testid="campaign-progress" data-finished={finished} data-status={progress.status}>
      <p>
        <span className="tag">{progress.status.toLowerCase()}</span>{" "}
        <strong>
          {finished} of {progress.total}
        </strong>{" "}
        runs finished · {progress.passes} pass · {progress.failures} fail · {progress.errors} error · {progress.leased} in progress
        {progress.leaseExpired > 0 && <> · {progress.leaseExpired} lease expired, waiting for a worker</>}
        {progress.notRun > 0 && <> · {progress.notRun} not run: the campaign was cancelled</>}
        {progress.casesPerSecond !== null && <> · {progress.casesPerSecond.toFixed(2)} cases/s</>}
        {progress.etaSeconds !== null && <> · about {formatEta(progress.etaSeconds)} left</>}
      </p>
      <progress max={progress.total} value={finished} aria-label="runs finished" style={{ width: "100%" }} />
      {progress.loadingModel && (
        // No run moves while a model loads: said, so that a load is not taken for a stuck worker.
        <p className="notice" role="status" data-testid="campaign-loading-model">
          {modelLoadingSentence(progress.loadingModel)}
        </p>
      )}
      {progress.outage && <ServingOutageNotice outage={progress.outage} />}
      {progress.pausedBecause && (
        <p className="notice notice-conflict" role="status" data-testid="campaign-paused-because">
          Paused by a worker: <ShownText text={progress.pausedBecause} />
        </p>
      )}
    </section>
  );
}

function formatEta(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
