"use client";
// The evidence part of the cell editor: what backs the cell now (the campaign evidence the matrix
// shows), the documents, links and attestations reviewers attached, and the fields to attach one.
import Link from "next/link";
import { useState, useTransition } from "react";
import { cellKeySlug } from "@/lib/domain/cell-key";
import type { AttachableEvidenceKind, AttachedEvidenceView } from "@/lib/evidence/attach-evidence";
import { importedEvidenceLabel, importedRunDays } from "@/lib/evidence/imported-source";
import type { CellView } from "@/lib/matrix/cell-view";
import { EvidenceBadge, InheritedEvidenceBadge } from "@/app/_components/cell-badges";
import { EvidenceRule } from "@/app/_components/evidence-rule";
import { formatTime } from "@/app/_components/format-time";
import { attachCellEvidence, cellEvidence } from "./actions";
import { ShownText } from "@/app/_components/shown-text";

type Notice = { tone: "ok" | "error"; text: string } | null;

const evidenceKindLabel: Record<AttachableEvidenceKind, string> = {
  DOCUMENT: "Document",
  LINK: "Link",
  ATTESTATION: "Attestation",
};

const emptyEvidenceForm: { kind: AttachableEvidenceKind; title: string; url: string; body: string } = {
  kind: "DOCUMENT",
  title: "",
  url: "",
  body: "",
};

export type AttachedEvidenceState = ReturnType<typeof useAttachedEvidence>;

/** The cell's attached evidence and the attach form's state; `onAttached` runs after each attachment. */
export function useAttachedEvidence(cellId: string, initialItems: AttachedEvidenceView[], onAttached: () => void) {
  const [items, setItems] = useState<AttachedEvidenceView[]>(initialItems);
  const [form, setForm] = useState(emptyEvidenceForm);
  const [notice, setNotice] = useState<Notice>(null);
  const [pending, startAttaching] = useTransition();

  function attach() {
    startAttaching(async () => {
      const { kind, title, url, body } = form;
      // An empty url field means no url, not an invalid one.
      const result = await attachCellEvidence({ ref: { cellId }, kind, title, body, ...(url.trim() ? { url } : {}) });
      if (!result.ok) {
        setNotice({ tone: "error", text: `Not attached: ${result.message}` });
        return;
      }
      setForm(emptyEvidenceForm);
      setNotice({ tone: "ok", text: `Attached ${evidenceKindLabel[result.evidence.kind].toLowerCase()} "${result.evidence.title}".` });
      cellEvidence(cellId).then(setItems);
      onAttached();
    });
  }

  return { items, form, setForm, notice, pending, attach };
}

/** The campaign page filtered to this cell's runs, or to its failing ones. */
function campaignRuns(slug: string, cell: CellView, verdict: "FAIL" | null): string {
  const search = new URLSearchParams({ cell: cellKeySlug(cell.riskCode, cell.useCode), ...(verdict ? { verdict } : {}) });
  return `/models/${slug}/campaigns/${cell.evidence.campaignId}?${search}#results`;
}

export function CellEvidenceSection({
  slug,
  cell,
  canEdit,
  attaching,
  formId,
}: {
  slug: string;
  cell: CellView;
  canEdit: boolean;
  attaching: AttachedEvidenceState;
  formId: string;
}) {
  return (
    <>
      <h3>Evidence</h3>
      <p data-testid="current-evidence">
        Current: <EvidenceBadge evidence={cell.evidence} />
        {cell.evidence.campaignName && (
          <span className="muted small">
            {" "}
            campaign {cell.evidence.campaignName}
            {cell.evidence.date && `, ${formatTime(cell.evidence.date)}`}
          </span>
        )}
        {cell.evidence.importedFrom && (
          <span className="muted small" data-testid="imported-source">
            {" "}
            imported from <Link href={`/models/${slug}/imports/${cell.evidence.importedFrom.id}`}>{importedEvidenceLabel(cell.evidence.importedFrom)}</Link>
            {`, ${importedRunDays(cell.evidence.date, cell.evidence.importedFrom)}`}
          </span>
        )}
      </p>
      {(cell.evidence.servedModel || cell.evidence.judge) && (
        <p className="small" data-testid="evidence-answered-and-judged">
          {cell.evidence.servedModel && (
            <>
              Answered by a serving target&apos;s endpoint, which said it served{" "}
              <code>
                <ShownText text={cell.evidence.servedModel} />
              </code>
              .{" "}
            </>
          )}
          {cell.evidence.judge && (
            <>
              Its verdicts counted the model judge{" "}
              <code>
                <ShownText text={cell.evidence.judge.judge} />
              </code>
              {cell.evidence.judge.servedModel && (
                <>
                  , whose endpoint said it served{" "}
                  <code>
                    <ShownText text={cell.evidence.judge.servedModel} />
                  </code>
                </>
              )}
              .
            </>
          )}
        </p>
      )}
      {cell.inherited && (
        <p className="small" data-testid="cell-inherited-evidence">
          <InheritedEvidenceBadge inherited={cell.inherited} /> {cell.inherited.from}&apos;s evidence on this cell, shown until this model has evidence of its
          own: it was not re-tested on this model and counts toward none of its verdicts, gates or deploy decisions.
        </p>
      )}
      {cell.evidence.campaignId && (
        <p className="small" data-testid="evidence-links">
          <Link href={campaignRuns(slug, cell, null)}>Every case of this cell in that campaign</Link>
          {cell.evidence.failures ? (
            <>
              {" · "}
              <Link href={campaignRuns(slug, cell, "FAIL")}>
                the {cell.evidence.failures} failing case{cell.evidence.failures === 1 ? "" : "s"}
              </Link>
            </>
          ) : null}
        </p>
      )}
      {cell.evidence.needsReview.length > 0 && (
        <div className="small" data-testid="evidence-needs-review">
          <strong>Needs review:</strong> this evidence rests on verdicts of
          <ul>
            {cell.evidence.needsReview.map((item) => (
              <li key={item.detector}>
                <code>{item.detector}</code>: {item.why}
              </li>
            ))}
          </ul>
        </div>
      )}
      <EvidenceRule />
      <AttachedEvidenceList items={attaching.items} />
      <fieldset className="bare" disabled={!canEdit || attaching.pending}>
        <fieldset>
          <legend>Attach evidence</legend>
          {attaching.notice && (
            <div className={`notice notice-${attaching.notice.tone}`} role={attaching.notice.tone === "error" ? "alert" : "status"}>
              <ShownText text={attaching.notice.text} />
            </div>
          )}
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${formId}-kind`}>Kind</label>
              <select
                id={`${formId}-kind`}
                form={formId}
                value={attaching.form.kind}
                onChange={(e) => attaching.setForm({ ...attaching.form, kind: e.target.value as AttachableEvidenceKind })}
              >
                {Object.entries(evidenceKindLabel).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${formId}-title`}>Evidence title</label>
              <input
                id={`${formId}-title`}
                form={formId}
                maxLength={200}
                value={attaching.form.title}
                onChange={(e) => attaching.setForm({ ...attaching.form, title: e.target.value })}
              />
            </div>
          </div>
          <div className="field">
            <label htmlFor={`${formId}-url`}>URL{attaching.form.kind === "LINK" ? "" : " (optional)"}</label>
            <input
              id={`${formId}-url`}
              form={formId}
              type="url"
              value={attaching.form.url}
              onChange={(e) => attaching.setForm({ ...attaching.form, url: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${formId}-body`}>Text{attaching.form.kind === "ATTESTATION" ? "" : " (optional)"}</label>
            <textarea
              id={`${formId}-body`}
              form={formId}
              maxLength={10_000}
              value={attaching.form.body}
              onChange={(e) => attaching.setForm({ ...attaching.form, body: e.target.value })}
            />
          </div>
          <button type="submit" form={formId}>
            {attaching.pending ? "Attaching…" : "Attach evidence"}
          </button>
        </fieldset>
      </fieldset>
    </>
  );
}

/** Rendered outside the editor's own form: the attach fields point at it with form=. */
export function AttachEvidenceForm({ id, attaching }: { id: string; attaching: AttachedEvidenceState }) {
  return (
    <form
      id={id}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        attaching.attach();
      }}
    />
  );
}

/** Documents, links and attestations entered by reviewers; campaign results show in the matrix itself. */
function AttachedEvidenceList({ items }: { items: AttachedEvidenceView[] }) {
  if (items.length === 0) return <p className="muted small">No document, link or attestation attached yet.</p>;
  return (
    <ul className="history" aria-label="Attached evidence, newest first">
      {items.map((item) => (
        <li key={item.id}>
          <div className="when">
            {evidenceKindLabel[item.kind]}:{" "}
            {item.url ? (
              <a href={item.url} target="_blank" rel="noopener noreferrer">
                <ShownText text={item.title} />
              </a>
            ) : (
              <strong>
                <ShownText text={item.title} />
              </strong>
            )}
          </div>
          {item.body && (
            <div className="change">
              <ShownText text={item.body} />
            </div>
          )}
          <div className="muted small">
            <ShownText text={item.createdBy ?? "someone"} /> · <time dateTime={item.createdAt}>{formatTime(item.createdAt)}</time>
          </div>
        </li>
      ))}
    </ul>
  );
}
