// The current-evidence rule in words, shown wherever a cell's evidence is (lib/evidence/current-evidence.ts).
import { CURRENT_EVIDENCE_RULE } from "@/lib/evidence/current-evidence";

export function EvidenceRule() {
  return (
    <p className="muted small" data-testid="evidence-rule">
      <strong>Which evidence counts:</strong> {CURRENT_EVIDENCE_RULE}
    </p>
  );
}
