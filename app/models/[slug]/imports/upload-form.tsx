"use client";
// Upload a garak, promptfoo or Inspect result file: sent in chunks (a bar shows the bytes), read on
// the server (a count of results as they are read), then shown as what it would add per cell and
// what it leaves out. Nothing is written until "Import" is pressed. The format is told from the
// content on the server, never from the name.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { RUN_DATE_UNKNOWN, TIME_ZONE_NOT_RECORDED } from "@/lib/evidence/imported-source";
import { formatTime } from "@/app/_components/format-time";
import { ShownText } from "@/app/_components/shown-text";
import { replacedImportText, type ReplacedImport } from "@/lib/imports/replaced-import";

interface CellPreview {
  riskCode: string;
  useCode: string;
  passes: number;
  failures: number;
  errors: number;
  unjudged: number;
  n: number;
  rate: number | null;
  intervalLow: number;
  intervalHigh: number;
  verdict: string;
}

interface Preview {
  run: {
    tool: string;
    toolVersion: string | null;
    model: string | null;
    runId: string | null;
    complete: boolean;
    notes: string[];
    file: { name: string; sha256: string };
  };
  /** The model's import of the same run, from whichever file (lib/imports/run-identity.ts). */
  earlierImport: (ReplacedImport & { id: string; importedAt: string; sameCounts: boolean }) | null;
  /** ISO time the run happened by its tool's record; null when the file gives none. */
  runDate: string | null;
  /** False when the file wrote that time with no zone: not to be shown as UTC. */
  runTimeZoneRecorded: boolean;
  uses: string[];
  modelRevision: string | null;
  revisionDeclared: boolean;
  results: number;
  verdicts: Record<"PASS" | "FAIL" | "ERROR" | "NOT_APPLICABLE", number>;
  cells: CellPreview[];
  unmapped: { test: string; strategy: string | null; results: number }[];
  skipped: { location: string; reason: string }[];
  skippedCount: number;
}

type Refusal = { ok: false; message: string };
type PreviewOutcome = { ok: true; preview: Preview } | Refusal;
type ImportOutcome =
  | { ok: true; imported: true; importId: string; evidenceRows: number; preview: Preview; replaced: (ReplacedImport & { importId: string }) | null }
  | { ok: true; imported: false; importId: string; message: string }
  | Refusal;

type Step =
  | { kind: "choose" }
  | { kind: "uploading"; sent: number; size: number }
  | { kind: "reading"; results: number }
  | { kind: "preview"; uploadId: string; preview: Preview }
  | { kind: "importing"; results: number; total: number }
  | { kind: "imported"; outcome: Extract<ImportOutcome, { ok: true }> }
  | { kind: "failed"; message: string };

const percent = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(1)}%`);

async function failure(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { message?: string; error?: string } | null;
  return body?.message ?? body?.error ?? `the server answered ${response.status}`;
}

/** Reads a streamed answer (lib/http/ndjson-response.ts), telling `onProgress` each count. */
async function streamed<T>(response: Response, onProgress: (count: number) => void): Promise<T> {
  if (!response.ok || !response.body) throw new Error(await failure(response));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += value;
    for (let newline = buffered.indexOf("\n"); newline >= 0; newline = buffered.indexOf("\n")) {
      const line = JSON.parse(buffered.slice(0, newline)) as { progress?: number; done?: T; failed?: string };
      buffered = buffered.slice(newline + 1);
      if (line.failed) throw new Error(line.failed);
      if (line.done !== undefined) return line.done;
      if (typeof line.progress === "number") onProgress(line.progress);
    }
  }
  throw new Error("the server's answer ended early");
}

export function UploadForm({ slug, uses, revision }: { slug: string; uses: { code: string; purpose: string }[]; revision: string | null }) {
  const router = useRouter();
  const [step, setStep] = useState<Step>({ kind: "choose" });
  const [choice, setChoice] = useState<{ uses?: string[]; modelRevision?: string; keepReadable?: boolean }>({});
  const base = `/api/models/${slug}/imports`;

  async function upload(form: FormData) {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return setStep({ kind: "failed", message: "choose a non-empty file" });
    const chosenUses = form.getAll("uses").map(String);
    const modelRevision = String(form.get("modelRevision") ?? "").trim();
    const options = {
      ...(chosenUses.length ? { uses: chosenUses } : {}),
      ...(modelRevision ? { modelRevision } : {}),
      keepReadable: form.get("keepReadable") === "on",
    };
    setChoice(options);
    try {
      const started = await fetch(`${base}/uploads`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ fileName: file.name, size: file.size }),
      });
      if (!started.ok) throw new Error(await failure(started));
      const { uploadId, chunkBytes } = (await started.json()) as { uploadId: string; chunkBytes: number };
      for (let offset = 0; offset < file.size; offset += chunkBytes) {
        setStep({ kind: "uploading", sent: offset, size: file.size });
        const sent = await fetch(`${base}/uploads/${uploadId}?offset=${offset}`, {
          method: "PUT",
          headers: { "content-type": "application/octet-stream" },
          body: file.slice(offset, offset + chunkBytes),
        });
        if (!sent.ok) throw new Error(await failure(sent));
      }
      setStep({ kind: "reading", results: 0 });
      const previewed = await streamed<PreviewOutcome>(
        await fetch(`${base}/uploads/${uploadId}/preview`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ uploadId, ...options }),
        }),
        (results) => setStep({ kind: "reading", results }),
      );
      if (!previewed.ok) throw new Error(previewed.message);
      setStep({ kind: "preview", uploadId, preview: previewed.preview });
    } catch (error) {
      setStep({ kind: "failed", message: (error as Error).message });
    }
  }

  async function confirm(uploadId: string, total: number) {
    setStep({ kind: "importing", results: 0, total });
    try {
      const outcome = await streamed<ImportOutcome>(
        await fetch(base, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ uploadId, ...choice }) }),
        (results) => setStep({ kind: "importing", results, total }),
      );
      if (!outcome.ok) throw new Error(outcome.message);
      setStep({ kind: "imported", outcome });
      router.refresh();
    } catch (error) {
      setStep({ kind: "failed", message: (error as Error).message });
    }
  }

  const busy = step.kind === "uploading" || step.kind === "reading" || step.kind === "importing";
  return (
    <section className="panel" aria-labelledby="upload-heading">
      <h2 id="upload-heading">Import a result file</h2>
      <form action={upload} aria-label="Import a result file">
        <label className="field">
          garak report (.report.jsonl), promptfoo results (.json, .jsonl) or Inspect log (.json, .eval)
          <input type="file" name="file" required disabled={busy} />
        </label>
        <fieldset className="field">
          <legend>Uses the results count in (none ticked: the mapping&apos;s)</legend>
          {uses.map((use) => (
            <label key={use.code} className="check">
              <input type="checkbox" name="uses" value={use.code} disabled={busy} /> {use.code} <span className="muted small">{use.purpose}</span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          Model revision that was tested (empty: the model&apos;s current one)
          <input type="text" name="modelRevision" placeholder={revision ?? ""} disabled={busy} />
        </label>
        <label className="check">
          <input type="checkbox" name="keepReadable" disabled={busy} /> If the file is damaged part way, import the results before the damage (the run is marked
          incomplete); otherwise a damaged file imports nothing
        </label>
        <button type="submit" disabled={busy}>
          Upload and preview
        </button>
      </form>

      <div aria-live="polite" data-testid="import-progress" data-step={step.kind}>
        {step.kind === "uploading" && (
          <label className="field">
            Uploading: {Math.floor((step.sent / step.size) * 100)}% of {(step.size / 1024 ** 2).toFixed(1)} MB
            <progress max={step.size} value={step.sent} />
          </label>
        )}
        {step.kind === "reading" && (
          <label className="field">
            Reading the file: {step.results.toLocaleString("en")} results so far
            <progress />
          </label>
        )}
        {step.kind === "importing" && (
          <label className="field">
            Importing: {step.results.toLocaleString("en")} of {step.total.toLocaleString("en")} results stored
            <progress max={step.total} value={step.results} />
          </label>
        )}
      </div>

      {step.kind === "failed" && (
        <p role="alert" className="field-error">
          <ShownText text={step.message} />
        </p>
      )}
      {step.kind === "preview" && (
        <PreviewView preview={step.preview} onConfirm={() => confirm(step.uploadId, step.preview.results)} onCancel={() => setStep({ kind: "choose" })} />
      )}
      {step.kind === "imported" && (
        <p className="notice notice-ok" role="status">
          <ShownText
            text={
              step.outcome.imported
                ? `Imported ${step.outcome.preview.run.file.name}: ${step.outcome.preview.results} results, evidence for ${step.outcome.evidenceRows} cells. ` +
                  (step.outcome.replaced ? `It replaced ${replacedImportText(step.outcome.replaced)}; that import is kept, superseded. ` : "")
                : `${step.outcome.message}. `
            }
          />
          <Link href={`/models/${slug}/imports/${step.outcome.importId}`}>Open the import</Link>
        </p>
      )}
    </section>
  );
}

/** The run's time, or, where the file wrote it with no zone, the same figures without the claim that they are UTC. */
function runTime(runDate: string, zoneRecorded: boolean): string {
  const shown = formatTime(runDate);
  return zoneRecorded ? shown : `${shown.replace(/ UTC$/, "")} (${TIME_ZONE_NOT_RECORDED})`;
}

function PreviewView({ preview, onConfirm, onCancel }: { preview: Preview; onConfirm: () => void; onCancel: () => void }) {
  const { run, verdicts } = preview;
  const cells = preview.cells.filter((cell) => cell.passes + cell.failures + cell.errors + cell.unjudged > 0);
  return (
    <div data-testid="import-preview">
      <h3>What importing {run.file.name} would add</h3>
      <p>
        {run.tool} {run.toolVersion ?? "(version not recorded)"} · model {run.model ?? "(not named)"} {run.runId && <>· run {run.runId} </>}·{" "}
        {preview.runDate ? `ran ${runTime(preview.runDate, preview.runTimeZoneRecorded)}` : RUN_DATE_UNKNOWN} · sha256{" "}
        <code>{run.file.sha256.slice(0, 12)}…</code>
        {!run.complete && <strong> · the tool says this run did not finish</strong>}
      </p>
      <p>
        {preview.results} results: {verdicts.PASS} pass, {verdicts.FAIL} fail, {verdicts.ERROR} error, {verdicts.NOT_APPLICABLE} without verdict · counted in
        uses {preview.uses.join(", ")} as model revision <code>{preview.modelRevision ?? "(unknown)"}</code>
        {!preview.revisionDeclared && " (not declared: the model's current one; name the one the tool tested above)"}
      </p>
      {run.notes.map((note) => (
        <p key={note} className="notice">
          {note}
        </p>
      ))}
      {preview.earlierImport?.sameCounts && (
        <p className="notice notice-conflict" role="status">
          This run was already imported for this model from {preview.earlierImport.fileName} by {preview.earlierImport.importedBy} on{" "}
          {preview.earlierImport.importedAt.slice(0, 10)}, counted the same: importing it again adds nothing.
        </p>
      )}
      {preview.earlierImport && !preview.earlierImport.sameCounts && (
        <p className="notice" role="status" data-testid="replaces-import">
          <ShownText text={`Importing replaces ${replacedImportText(preview.earlierImport)}. The earlier import is kept, superseded, and counts in no cell.`} />
        </p>
      )}
      <div className="table-wrap">
        <table className="data" aria-label="Evidence per cell">
          <thead>
            <tr>
              <th scope="col">Cell</th>
              <th scope="col">Failures / n</th>
              <th scope="col">Rate [95% interval]</th>
              <th scope="col">Left out</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {cells.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  No cell would get evidence.
                </td>
              </tr>
            )}
            {cells.map((cell) => (
              <tr key={`${cell.riskCode}-${cell.useCode}`}>
                <td>
                  {cell.riskCode}×{cell.useCode}
                </td>
                <td>
                  {cell.failures} / {cell.n}
                </td>
                <td>
                  {percent(cell.rate)} [{percent(cell.intervalLow)}–{percent(cell.intervalHigh)}]
                </td>
                <td>{cell.errors + cell.unjudged || ""}</td>
                <td>
                  <span className={`evidence evidence-${cell.verdict}`}>{cell.verdict.toLowerCase()}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview.unmapped.length > 0 && (
        <>
          <h4>Unmapped: no risk is mapped to these, so they count in no cell</h4>
          <ul aria-label="Unmapped results">
            {preview.unmapped.map((entry) => (
              <li key={`${entry.test}/${entry.strategy ?? ""}`}>
                {entry.test}
                {entry.strategy && ` / ${entry.strategy}`}: {entry.results} results
              </li>
            ))}
          </ul>
        </>
      )}
      {preview.skippedCount > 0 && (
        <details>
          <summary>Skipped: {preview.skippedCount} entries not counted</summary>
          <ul className="small">
            {preview.skipped.map((entry, index) => (
              <li key={index}>
                {entry.location}: {entry.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="toolbar">
        <button type="button" onClick={onConfirm} disabled={preview.earlierImport?.sameCounts === true}>
          {preview.earlierImport && !preview.earlierImport.sameCounts
            ? `Replace the earlier import with ${preview.results} results`
            : `Import ${preview.results} results`}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Choose another file
        </button>
      </div>
    </div>
  );
}
