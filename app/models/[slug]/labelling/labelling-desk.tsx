"use client";
// The labelling desk: one output at a time, labelled from the keyboard (P pass, F fail, N to write
// a note first) or with the buttons; the next output comes as soon as a label is written.
import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import { KeptNulNote } from "@/app/_components/kept-nul-note";
import { labelOutputAction, takeNextAction, type DeskState } from "./actions";
import styles from "./labelling.module.css";
import { ShownText } from "@/app/_components/shown-text";

export function LabellingDesk({ slug }: { slug: string }) {
  const [state, setState] = useState<DeskState | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [pending, start] = useTransition();
  const noteField = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    start(async () => setState(await takeNextAction(slug)));
  }, [slug]);

  const item = state?.ok ? state.item : null;
  const label = useCallback(
    (verdict: "PASS" | "FAIL") => {
      if (!item || pending) return;
      start(async () => {
        const result = await labelOutputAction({ itemId: item.id, label: verdict, note });
        if (!result.ok && result.kind !== "conflict") return setState(result);
        // A conflict (someone else holds it now, or labelled it) is said, and the next output comes anyway.
        setNotice(result.ok ? `Labelled ${verdict.toLowerCase()}.` : result.message);
        setNote("");
        setState(await takeNextAction(slug));
      });
    },
    [item, note, pending, slug],
  );

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement || event.metaKey || event.ctrlKey || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === "p") label("PASS");
      else if (key === "f") label("FAIL");
      else if (key === "n") noteField.current?.focus();
      else return;
      event.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [label]);

  if (!state) return <p aria-live="polite">Taking the next output…</p>;
  if (!state.ok)
    return (
      <p className="notice notice-error" role="alert">
        <ShownText text={state.message} />
      </p>
    );
  return (
    <section aria-label="Output to label" aria-busy={pending}>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {!item ? (
        <p data-testid="labelling-empty">Nothing left to label: every queued output is labelled or held by another reviewer.</p>
      ) : (
        <article className="panel" data-testid="labelling-item" data-item-id={item.id}>
          <p className="muted small">
            {item.reason === "DISAGREEMENT" ? "Its detectors and judges disagreed" : "Drawn from outputs whose detectors and judges agreed"} · campaign{" "}
            {item.campaignName} · case <code>{item.caseKey}</code> · {item.risks.join(", ")} in {item.useCode}
          </p>
          <p>
            Expected: <strong>{item.expected.join(", ").replaceAll("_", " ")}</strong>
          </p>
          {item.systemPrompt && (
            <details>
              <summary>System prompt</summary>
              <pre className={styles.text}>{item.systemPrompt}</pre>
            </details>
          )}
          <h2 className="small">Prompt</h2>
          {item.turns.map((turn, index) => (
            <pre key={index} className={styles.text}>
              {item.turns.length > 1 ? `${turn.role}: ` : ""}
              {turn.content}
            </pre>
          ))}
          <h2 className="small">Output</h2>
          <pre className={styles.text} data-testid="labelling-output">
            {item.output}
          </pre>
          <KeptNulNote texts={[item.output]} />
          <table>
            <caption>What each detector and judge said</caption>
            <thead>
              <tr>
                <th scope="col">Detector or judge</th>
                <th scope="col">Verdict</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {item.findings.map((finding, index) => (
                <tr key={index}>
                  <td>
                    <code>{finding.detector}</code>
                    {finding.advisory ? " (advisory)" : ""}
                  </td>
                  <td>{finding.verdict.replace("_", " ")}</td>
                  <td className="small">{finding.evidence}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <label className="field">
            Note (optional; N to write one)
            <textarea ref={noteField} value={note} onChange={(event) => setNote(event.target.value)} rows={2} maxLength={2000} />
          </label>
          <div className={styles.buttons}>
            <button type="button" onClick={() => label("PASS")} disabled={pending} aria-keyshortcuts="p">
              Pass: it does what the case expects (P)
            </button>
            <button type="button" onClick={() => label("FAIL")} disabled={pending} aria-keyshortcuts="f">
              Fail (F)
            </button>
          </div>
        </article>
      )}
      <p className="muted small">
        {state.waiting} waiting · {state.labelled} labelled
      </p>
    </section>
  );
}
