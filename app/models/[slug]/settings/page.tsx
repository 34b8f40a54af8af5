import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { currentActor } from "@/lib/auth/current-actor";
import { getDb } from "@/lib/db/client";
import { loadCheckpointSettings } from "@/lib/models/load-checkpoint-settings";
import { DEFAULT_SCALE_TEXTS, loadScaleTexts } from "@/lib/models/scale-texts";
import { loadSeparationOfDuties } from "@/lib/models/set-separation-of-duties";
import { loadBaseModelSetting } from "@/lib/inheritance/set-base-model";
import { BaseModelForm } from "./base-model-form";
import { CheckpointPathForm } from "./checkpoint-path-form";
import { ScaleTextsForm } from "./scale-texts-form";
import { SeparationOfDutiesForm } from "./separation-of-duties-form";
import { ShownText } from "@/app/_components/shown-text";

export const metadata: Metadata = { title: "Model settings" };

export default async function ModelSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const result = await loadCheckpointSettings(getDb(), await currentActor(), slug);
  if (!result.ok && result.kind === "not_found") notFound();
  if (!result.ok) {
    return (
      <>
        <h1>Model settings</h1>
        <p className="notice notice-error" role="alert">
          <ShownText text={result.message} />
        </p>
      </>
    );
  }
  const { settings } = result;
  const separationOfDuties = (await loadSeparationOfDuties(getDb(), slug)) ?? true;
  const scaleTexts = (await loadScaleTexts(getDb(), slug)) ?? DEFAULT_SCALE_TEXTS;
  const baseModel = await loadBaseModelSetting(getDb(), slug);
  return (
    <>
      <div className="eyebrow">
        <ShownText text={settings.modelName} />
      </div>
      <h1>Model settings</h1>
      <p className="page-intro">
        Campaigns on the embedded engine read the checkpoint folder below, and their evidence records the revision it holds, read when the path is set and
        stored (this page opens no checkpoint). A folder must lie under a model root ({settings.modelRoots.join(", ")}); changes are in the audit log.
      </p>
      <h2>Checkpoint</h2>
      <dl className="facts" aria-label="Checkpoint">
        <dt>Path</dt>
        <dd data-testid="checkpoint-path">
          {settings.checkpointPath ? (
            <code>{settings.checkpointPath}</code>
          ) : (
            <>
              not set: the generated tiny model at <code>{settings.readsFrom}</code>
            </>
          )}
        </dd>
        <dt>Revision</dt>
        <dd data-testid="checkpoint-revision">
          {settings.revision ? (
            <code>{settings.revision}</code>
          ) : (
            <span className="muted">not read yet: it is read when the path is set and when a campaign on the embedded engine completes</span>
          )}
        </dd>
        <dt>Smoke-test model</dt>
        <dd data-testid="checkpoint-smoke-test">
          {settings.smokeTestModel ? "yes: the generated tiny model, its evidence only shows the pipeline works" : "no"}
        </dd>
      </dl>
      <h2>Change the checkpoint</h2>
      <CheckpointPathForm slug={slug} current={settings.checkpointPath ?? ""} />
      <h2>Base model</h2>
      <p>
        A fine-tune names the model it was made from. The base&apos;s risks this model has no row for are shown here as inherited, and the base&apos;s evidence
        shows on cells with none of their own, marked inherited and not re-tested: it never counts as this model&apos;s own. The card&apos;s{" "}
        <code>base_model</code> names it.
      </p>
      <BaseModelForm slug={slug} base={baseModel?.base?.slug ?? null} candidates={baseModel?.candidates ?? []} />
      <h2>Separation of duties</h2>
      <SeparationOfDutiesForm slug={slug} on={separationOfDuties} />
      <h2>What the scales mean</h2>
      <p>
        Reviewers read these beside the likelihood and severity inputs of every cell of this model. Word them for the model&apos;s uses; the level is still
        likelihood × severity, banded as on <a href="/how-riskledger-decides">How Riskledger decides</a>.
      </p>
      <ScaleTextsForm slug={slug} scaleTexts={scaleTexts} />
    </>
  );
}
