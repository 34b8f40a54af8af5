"use client";
// A proposed near-duplicate pair: the reviewer picks which text to keep; the other is merged into it.
import { useState, useTransition } from "react";
import { mergeMitigationsAction } from "./actions";
import { ShownText } from "@/app/_components/shown-text";
import { withBidiControlsNamed } from "@/lib/domain/bidi-controls";

interface Side {
  id: string;
  text: string;
  risks: string[];
}

export function MergePair({ first, second, reason }: { first: Side; second: Side; reason: string }) {
  const [error, setError] = useState<string | null>(null);
  const [merging, startMerging] = useTransition();

  const merge = (keep: Side, merge: Side) =>
    startMerging(async () => {
      const result = await mergeMitigationsAction({ keepId: keep.id, mergeId: merge.id });
      setError(result.ok ? null : result.message);
    });

  return (
    <div className="pair">
      <PairSide side={first} />
      <PairSide side={second} />
      <div className="pair-actions">
        <button type="button" disabled={merging} onClick={() => merge(first, second)} aria-label={`Merge, keeping "${withBidiControlsNamed(first.text)}"`}>
          Keep left
        </button>
        <button type="button" disabled={merging} onClick={() => merge(second, first)} aria-label={`Merge, keeping "${withBidiControlsNamed(second.text)}"`}>
          Keep right
        </button>
        <span className="muted small">{reason}</span>
        {error && (
          <span className="field-error" role="alert">
            <ShownText text={error} />
          </span>
        )}
      </div>
    </div>
  );
}

function PairSide({ side }: { side: Side }) {
  return (
    <div>
      <div>
        <ShownText text={side.text} />
      </div>
      <div className="muted small">listed under {side.risks.join(", ")}</div>
    </div>
  );
}
