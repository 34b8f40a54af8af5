import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { currentActor } from "@/lib/auth/current-actor";
import { mayRun } from "@/lib/commands/define-command";
import { readMappingFile, saveMapping } from "@/lib/imports/save-mapping";
import { ShownText } from "@/app/_components/shown-text";
import { MappingEditor } from "./mapping-editor";

export const metadata: Metadata = { title: "Mapping of other tools' results" };
export const dynamic = "force-dynamic";

export default async function MappingPage({ searchParams }: { searchParams: Promise<{ file?: string }> }) {
  const file = (await searchParams).file ?? "default.yaml";
  const [actor, mapping] = await Promise.all([currentActor(), readMappingFile(file)]);
  if (!mapping) notFound();
  return (
    <main id="main">
      <h1>Mapping of other tools&apos; results to risks</h1>
      <p className="page-intro">
        Which risks garak probes, promptfoo plugins and strategies and Inspect tasks are evidence for, the uses their results count in, and which Inspect score
        means safe. Kept as YAML in <code>content/mappings/{file}</code>; every save is checked against the mapping&apos;s schema and kept in the audit log. An
        import records the mapping it was made with.
      </p>
      {"notUtf8" in mapping ? (
        <p role="alert" className="field-error">
          <ShownText text={mapping.notUtf8} />
        </p>
      ) : mayRun(saveMapping, actor.role) ? (
        <MappingEditor file={file} text={mapping.text} sha256={mapping.sha256} />
      ) : (
        <section aria-label={file}>
          <pre className="panel">{mapping.text}</pre>
        </section>
      )}
    </main>
  );
}
