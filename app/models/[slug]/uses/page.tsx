import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { loadUses } from "@/lib/uses/load-uses";
import { ShapeForm } from "@/app/_components/shape-form";
import { TypedInput, VersionField } from "@/app/_components/typed-controls";
import { sessionActor } from "@/lib/auth/current-actor";
import { mayRun } from "@/lib/commands/define-command";
import { addUse, retireUse } from "@/lib/uses/change-uses";
import { addUseAction, moveUseAction, retireUseAction, updateUseAction } from "./actions";
import { ShownText } from "@/app/_components/shown-text";

type Facts = { purpose?: string; capability?: string; aiUser?: string; aiSubject?: string; domain?: string };

function UseFields(use: Facts) {
  const field = (name: keyof Facts, label: string, required = false) => (
    <label className="field">
      {label} <TypedInput name={name} required={required} defaultValue={use[name]} />
    </label>
  );
  return (
    <>
      {field("purpose", "Purpose", true)}
      {field("capability", "Capability")}
      {field("aiUser", "AI user")}
      {field("aiSubject", "AI subject")}
      {field("domain", "Domain")}
    </>
  );
}

function Hidden({ slug, code, version }: { slug: string; code: string; version: number }) {
  return (
    <>
      <input type="hidden" name="modelSlug" value={slug} />
      <input type="hidden" name="code" value={code} />
      <VersionField version={version} />
    </>
  );
}

export const metadata: Metadata = { title: "Uses" };

export default async function UsesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const [uses, actor] = await Promise.all([loadUses(getDb(), slug), sessionActor()]);
  if (!uses) notFound();
  const mayShape = actor != null && mayRun(addUse, actor.role);
  const mayRetire = actor != null && mayRun(retireUse, actor.role);
  return (
    <>
      <div className="eyebrow">
        <ShownText text={uses.model.name} />
      </div>
      <h1>Uses</h1>
      <p className="page-intro">
        {uses.uses.length} example uses of the model, each judged against every risk. A retired use leaves the matrix, the card and the deploy decisions; its
        cells and evidence are kept.
      </p>
      {mayShape && (
        <section className="panel">
          <h2>Add a use</h2>
          <ShapeForm action={addUseAction} label="Add a use" submit="Add the use">
            <input type="hidden" name="modelSlug" value={slug} />
            <UseFields />
          </ShapeForm>
        </section>
      )}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Use</th>
              <th scope="col">Capability</th>
              <th scope="col">AI user</th>
              <th scope="col">AI subject</th>
              <th scope="col">Domain</th>
              <th scope="col" className="num">
                Risks that apply
              </th>
            </tr>
          </thead>
          <tbody>
            {uses.uses.map((use) => (
              <tr key={use.code}>
                <th scope="row" className="plain">
                  <span className="code-chip">{use.code}</span>{" "}
                  <Link href={`/models/${slug}/uses/${use.code}`}>
                    <ShownText text={use.purpose} />
                  </Link>
                  {mayShape && (
                    <details className="small">
                      <summary>Change {use.code}</summary>
                      <ShapeForm action={updateUseAction} label={`Edit ${use.code}`} submit="Save">
                        <Hidden slug={slug} code={use.code} version={use.version} />
                        <UseFields {...use} />
                      </ShapeForm>
                      {(["up", "down"] as const).map((direction) => (
                        <ShapeForm key={direction} action={moveUseAction} label={`Move ${use.code} ${direction}`} submit={`Move ${direction}`}>
                          <Hidden slug={slug} code={use.code} version={use.version} />
                          <input type="hidden" name="direction" value={direction} />
                        </ShapeForm>
                      ))}
                      {mayRetire && (
                        <ShapeForm action={retireUseAction} label={`Retire ${use.code}`} submit={`Retire ${use.code}`}>
                          <Hidden slug={slug} code={use.code} version={use.version} />
                          <label className="field">
                            Why it is retired <TypedInput name="reason" required />
                          </label>
                        </ShapeForm>
                      )}
                    </details>
                  )}
                </th>
                <td>{use.capability}</td>
                <td>{use.aiUser}</td>
                <td>{use.aiSubject}</td>
                <td>{use.domain}</td>
                <td className="num">
                  {use.applyingRisks} of {use.cells}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
