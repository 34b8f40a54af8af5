"use client";
// Publishing a release. While applicable cells have gaps the approver sees each one and can only
// publish by accepting them with a justification; a refusal shows the server's list of reasons.
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { describeGap, describeGapWithNames, gapsHeadline, type ReleaseGap } from "@/lib/releases/describe-gap";
import { ReleaseGapList } from "@/app/_components/release-gap-list";
import { publishReleaseAction } from "./actions";
import { ShownText } from "@/app/_components/shown-text";

interface Props {
  slug: string;
  /** The gaps as the server found them when the page was rendered. */
  gaps: ReleaseGap[];
}

type Outcome = { kind: "published"; version: number } | { kind: "refused"; message: string; reasons: string[] };

export function PublishForm({ slug, gaps }: Props) {
  const router = useRouter();
  const [justification, setJustification] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [publishing, startPublishing] = useTransition();
  const fieldId = useId();

  const publish = () =>
    startPublishing(async () => {
      const acceptance = gaps.length ? { justification, gaps: gaps.map(describeGap) } : undefined;
      const result = await publishReleaseAction({ slug, acceptance });
      if (result.ok) {
        setJustification("");
        setOutcome({ kind: "published", version: result.release.version });
        router.refresh();
      } else {
        setOutcome({ kind: "refused", message: result.message, reasons: result.kind === "gaps" ? result.gaps.map(describeGapWithNames) : [] });
      }
    });

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        publish();
      }}
    >
      {gaps.length === 0 ? (
        <p>Every applicable cell has current evidence and an approval: the card can be published as it is.</p>
      ) : (
        <>
          <p>{gapsHeadline(gaps)}. Publishing means accepting each of them:</p>
          <ReleaseGapList gaps={gaps} label="Gaps to accept" />
          <div className="field">
            <label htmlFor={fieldId}>Justification for publishing with these gaps</label>
            <textarea id={fieldId} rows={3} value={justification} onChange={(event) => setJustification(event.target.value)} maxLength={5000} />
          </div>
        </>
      )}
      {outcome?.kind === "refused" && (
        <div className="notice notice-error" role="alert">
          <h3>Not published</h3>
          <p>
            <ShownText text={outcome.message} />
          </p>
          {outcome.reasons.length > 0 && (
            <ul>
              {outcome.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {outcome?.kind === "published" && (
        <p className="notice notice-ok" role="status">
          Published release v{outcome.version}.
        </p>
      )}
      <button type="submit" className="primary" disabled={publishing}>
        {gaps.length ? "Accept the gaps and publish" : "Publish release"}
      </button>
    </form>
  );
}
