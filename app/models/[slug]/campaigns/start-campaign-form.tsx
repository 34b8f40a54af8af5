"use client";
// The form that starts a campaign: uses, risks, repeats, a subset size and the sampling settings.
// The server validates with the same schema as the CLI and the API; its problems show per field.
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import type { CampaignChoices } from "@/lib/campaigns/load-campaigns";
import { startCampaignAction } from "./actions";

export function StartCampaignForm({ slug, choices }: { slug: string; choices: CampaignChoices }) {
  const router = useRouter();
  const [result, start, starting] = useActionState(startCampaignAction, null);
  useEffect(() => {
    if (result?.ok) router.push(`/models/${slug}/campaigns/${result.campaignId}`);
  }, [result, router, slug]);

  return (
    <form action={start} className="panel" aria-label="Start a campaign">
      <input type="hidden" name="modelSlug" value={slug} />
      <fieldset className="field">
        <legend>Uses (none ticked: all)</legend>
        <div className="choices">
          {choices.uses.map((use) => (
            <label key={use.code} className="check">
              <input type="checkbox" name="uses" value={use.code} /> {use.code} <span className="muted small">({use.cases} cases)</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>Risks (none ticked: every risk the cases probe)</legend>
        <div className="choices">
          {choices.risks.map((risk) => (
            <label key={risk.code} className="check" title={risk.title}>
              <input type="checkbox" name="risks" value={risk.code} /> {risk.code}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid-4">
        <label className="field">
          Repeats <input name="repeats" type="number" min={1} max={1000} defaultValue={1} />
        </label>
        <label className="field">
          Cases per suite <input name="casesPerSuite" type="number" min={1} placeholder="all" />
        </label>
        <label className="field">
          Seed <input name="seed" type="number" min={0} defaultValue={0} />
        </label>
        <label className="field">
          Temperature <input name="temperature" type="number" min={0} max={2} step={0.05} defaultValue={0} />
        </label>
        <label className="field">
          Top-p <input name="topP" type="number" min={0.01} max={1} step={0.01} defaultValue={1} />
        </label>
        <label className="field">
          Max new tokens <input name="maxNewTokens" type="number" min={1} max={4096} defaultValue={32} />
        </label>
        <label className="field">
          Name <input name="name" type="text" placeholder="optional" />
        </label>
      </div>
      {result && !result.ok && (
        <div className="notice notice-error" role="alert">
          <p>{result.message}</p>
          {result.issues && (
            <ul>
              {result.issues.map((issue) => (
                <li key={issue.path}>
                  {issue.path}: {issue.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <button type="submit" disabled={starting}>
        {starting ? "Starting…" : "Start campaign"}
      </button>
      <p className="muted small">
        The app's worker runs it; `npm run worker` on this or another machine adds more. Temperature 0 is greedy: repeats then agree, so raise it to
        estimate a rate from repeats.
      </p>
    </form>
  );
}
