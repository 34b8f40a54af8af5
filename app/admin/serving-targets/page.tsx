import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/current-actor";
import { getDb } from "@/lib/db/client";
import { type LastServed, lastServedByTarget, listServingTargets, mayReadServingTargetConfig } from "@/lib/serving-targets/load-serving-targets";
import { ServingTargetForm } from "./serving-target-form";

export const metadata: Metadata = { title: "Serving targets" };
export const dynamic = "force-dynamic";

export default async function ServingTargetsPage() {
  const actor = await currentActor();
  if (!mayReadServingTargetConfig(actor)) {
    return (
      <main id="main">
        <h1>Serving targets</h1>
        <p className="notice notice-error" role="alert">
          {actor.label} is a {actor.role.toLowerCase()}: serving targets are configured by an admin.
        </p>
      </main>
    );
  }
  const [targets, lastServed] = await Promise.all([listServingTargets(getDb()), lastServedByTarget(getDb())]);
  return (
    <main id="main">
      <h1>Serving targets</h1>
      <p className="page-intro">
        The OpenAI-compatible endpoints campaigns may call, as their backend or their model judge. Reviewers choose one by name; nothing else is ever called. An
        API key is never stored here: name the environment variable the worker reads it from. The declared revision is what campaigns and their evidence claim
        was served: where the endpoint&apos;s /v1/models root names a revision (engine serve&apos;s weights, a Hugging Face snapshot&apos;s commit), a campaign
        is paused unless it is the declared one. <code>npm run riskledger -- serving-target check</code>, run where the workers run (it reads their API key
        variables), asks each endpoint now and names what would pause a campaign on it. Every change is in the audit log.
      </p>
      {targets.length === 0 && <p className="muted">No serving target yet: campaigns run on this engine only.</p>}
      {targets.map((target) => (
        <section key={target.id}>
          <h2>{target.name}</h2>
          <LastServedLine last={lastServed.get(target.name)} />
          <ServingTargetForm target={target} />
        </section>
      ))}
      <h2>Add a serving target</h2>
      <ServingTargetForm />
    </main>
  );
}

function LastServedLine({ last }: { last: LastServed | undefined }) {
  if (!last) return <p className="muted">No campaign has recorded what its endpoint serves yet.</p>;
  return (
    <>
      <p className="muted" data-testid="last-served">
        Its endpoint last said it served {last.served} (campaign &ldquo;{last.campaignName}&rdquo;, started{" "}
        {last.startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC).
      </p>
      {last.contradiction && (
        <p className="notice notice-error" role="alert">
          That answer contradicts the declared revision: {last.contradiction}. A campaign on this target pauses before a case is sent.
        </p>
      )}
    </>
  );
}
