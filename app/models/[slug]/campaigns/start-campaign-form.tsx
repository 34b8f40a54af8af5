"use client";
// The form that starts a campaign: uses, risks, repeats, a subset size, the sampling settings and
// an optional model judge. The server validates with the same schema as the CLI and the API; its
// problems show per field.
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { BACKEND_FIELDS, FORM_JUDGES, judgeFields } from "@/app/models/[slug]/campaigns/campaign-form";
import { KeepTyped, TypedInput, TypedSelect } from "@/app/_components/typed-controls";
import { JUDGE_ADAPTER_NAMES, JUDGE_ADAPTER_TITLES } from "@/lib/detectors/judges/judge-adapter-names";
import type { CampaignChoices } from "@/lib/campaigns/reads/load-campaigns";
import { ShownText } from "@/app/_components/shown-text";
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
      <KeepTyped typed={result?.typed}>
        <fieldset className="field">
          <legend>Uses (none ticked: all)</legend>
          <div className="choices">
            {choices.uses.map((use) => (
              <label key={use.code} className="check">
                <TypedInput type="checkbox" name="uses" value={use.code} /> <span className="code-chip">{use.code}</span> <ShownText text={use.purpose} />{" "}
                <span className="muted small">({use.cases} cases)</span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="field">
          <legend>Risks (none ticked: every risk the cases probe)</legend>
          <div className="choices">
            {choices.risks.map((risk) => (
              <label key={risk.code} className="check">
                <TypedInput type="checkbox" name="risks" value={risk.code} /> <span className="code-chip">{risk.code}</span> <ShownText text={risk.title} />
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid-4">
          <label className="field">
            Repeats <TypedInput name="repeats" type="number" min={1} max={1000} defaultValue={1} />
          </label>
          <label className="field">
            Cases per suite{" "}
            <TypedInput
              name="casesPerSuite"
              type="number"
              min={1}
              placeholder="all"
              title="A sample of each suite: the risks asked for take turns, so that each gets its share; any seed draws the same cases"
            />
          </label>
          <label className="field">
            Seed <TypedInput name="seed" type="number" min={0} defaultValue={0} />
          </label>
          <label className="field">
            Temperature <TypedInput name="temperature" type="number" min={0} max={2} step={0.05} defaultValue={0} />
          </label>
          <label className="field">
            Top-p <TypedInput name="topP" type="number" min={0.01} max={1} step={0.01} defaultValue={1} />
          </label>
          <label className="field">
            Max new tokens <TypedInput name="maxNewTokens" type="number" min={1} max={4096} defaultValue={32} />
          </label>
          <label className="field">
            Name <TypedInput name="name" type="text" placeholder="optional" />
          </label>
        </div>
        <label className="check">
          <TypedInput type="checkbox" name="topUp" /> Top up the inconclusive cells: run exactly the cases of every inconclusive or untested cell, as many times
          as would decide it (uses, risks, repeats and cases per suite above are then chosen for you)
        </label>
        <BackendFieldset targets={choices.targets} />
        {Array.from({ length: FORM_JUDGES }, (_, index) => (
          <ModelJudgeFieldset key={index} index={index} targets={choices.targets} />
        ))}
        <label className="field">
          Verdict rule (how the counted detectors and judges make a case&apos;s verdict)
          <TypedSelect name="verdictRule" defaultValue="any">
            <option value="any">Any: a case fails when any of them fails it</option>
            <option value="majority">Majority: more than half of those that judged it</option>
            <option value="all">All: every one that judged it</option>
          </TypedSelect>
        </label>
      </KeepTyped>
      <p className="muted small">
        A judge is only as good as the model that judges: keep it advisory until its verdicts are measured on labels (the detectors page says whether it may
        count).
      </p>
      {result && !result.ok && (
        <div className="notice notice-error" role="alert">
          <p>
            <ShownText text={result.message} />
          </p>
          {result.issues && (
            <ul>
              {result.issues.map((issue) => (
                <li key={issue.path}>
                  {issue.path}: <ShownText text={issue.message} />
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
        The app's worker runs it; `npm run worker` on this or another machine adds more. Temperature 0 is greedy: repeats then agree, so raise it to estimate a
        rate from repeats.
      </p>
    </form>
  );
}

/** A serving target, by name: the endpoints an admin configured are the only ones a campaign may call. */
function TargetSelect({ name, targets }: { name: string; targets: CampaignChoices["targets"] }) {
  return (
    <div className="grid-4">
      <label className="field">
        Serving target
        <TypedSelect name={name} required defaultValue="">
          <option value="" disabled>
            choose one
          </option>
          {targets.map((target) => (
            <option key={target.name} value={target.name}>
              {target.name} ({target.model})
            </option>
          ))}
        </TypedSelect>
      </label>
    </div>
  );
}

/** This engine, or a serving target when an admin configured any. */
function BackendFieldset({ targets }: { targets: CampaignChoices["targets"] }) {
  const [kind, setKind] = useState("local");
  if (targets.length === 0) return <input type="hidden" name={BACKEND_FIELDS.kind} value="local" />;
  const kinds = [
    { value: "local", label: "This model (the engine over its own checkpoint)" },
    { value: "openai", label: "A serving target (an OpenAI-compatible endpoint an admin configured)" },
  ];
  return (
    <fieldset className="field">
      <legend>Who answers</legend>
      <div className="choices">
        {kinds.map((choice) => (
          <label key={choice.value} className="check">
            <input type="radio" name={BACKEND_FIELDS.kind} value={choice.value} checked={kind === choice.value} onChange={() => setKind(choice.value)} />{" "}
            {choice.label}
          </label>
        ))}
      </div>
      {kind === "openai" && <TargetSelect name={BACKEND_FIELDS.target} targets={targets} />}
    </fieldset>
  );
}

/** Off, this model, or a serving target; advisory unless the reviewer chooses to count it. The second judge makes an ensemble. */
function ModelJudgeFieldset({ index, targets }: { index: number; targets: CampaignChoices["targets"] }) {
  const [kind, setKind] = useState("off");
  const fields = judgeFields(index);
  const kinds = [
    { value: "off", label: "Off" },
    { value: "local", label: "This model (the engine over its own checkpoint)" },
    ...(targets.length > 0 ? [{ value: "openai", label: "A serving target an admin configured" }] : []),
  ];
  return (
    <fieldset className="field">
      <legend>
        {index === 0 ? "Model judge (judges every case beside its detectors)" : `Model judge ${index + 1} (another judge on every case: an ensemble)`}
      </legend>
      <div className="choices">
        {kinds.map((choice) => (
          <label key={choice.value} className="check">
            <input type="radio" name={fields.kind} value={choice.value} checked={kind === choice.value} onChange={() => setKind(choice.value)} /> {choice.label}
          </label>
        ))}
      </div>
      {kind === "openai" && <TargetSelect name={fields.target} targets={targets} />}
      {kind !== "off" && (
        <div className="grid-4">
          <label className="field">
            Judge adapter (how it is asked and read)
            <TypedSelect name={fields.adapter} defaultValue="rubric">
              {JUDGE_ADAPTER_NAMES.map((adapter) => (
                <option key={adapter} value={adapter}>
                  {JUDGE_ADAPTER_TITLES[adapter]}
                </option>
              ))}
            </TypedSelect>
          </label>
        </div>
      )}
      {kind !== "off" && (
        <div className="choices">
          <label className="check">
            <TypedInput type="radio" name={fields.mode} value="advisory" defaultChecked /> Advisory: shown beside the detectors, not counted
          </label>
          <label className="check">
            <TypedInput type="radio" name={fields.mode} value="counted" /> Counted: its verdict counts by the verdict rule
          </label>
        </div>
      )}
    </fieldset>
  );
}
