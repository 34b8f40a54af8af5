// A fine-tune's inherited risks as rows labelled with their base model: the base's judgement for
// each use (read here, edited only on the base) and the base's evidence marked inherited, not
// re-tested. The risks page passes `actions` to offer adopting or retiring each row.
import type { ReactNode } from "react";
import { appliesLabel, harmAreaLabel, riskTypeLabel } from "@/lib/domain/vocabulary";
import type { Matrix, MatrixInheritedRisk, MatrixUse } from "@/lib/matrix/load-matrix";
import { InheritedEvidenceBadge, LevelBadge } from "./cell-badges";
import { withBidiControlsNamed } from "@/lib/domain/bidi-controls";
import { ShownText } from "./shown-text";

interface Props {
  inherited: NonNullable<Matrix["inherited"]>;
  uses: MatrixUse[];
  actions?: (risk: MatrixInheritedRisk) => ReactNode;
}

export function InheritedRisksTable({ inherited, uses, actions }: Props) {
  const { base, risks } = inherited;
  return (
    <div className="table-wrap">
      <table className="data" aria-label={`Risks inherited from ${withBidiControlsNamed(base.name)}`}>
        <thead>
          <tr>
            <th scope="col">Risk</th>
            <th scope="col">Type and harm area</th>
            {uses.map((use) => (
              <th scope="col" key={use.code} title={withBidiControlsNamed(use.purpose)}>
                {use.code}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {risks.map((risk) => (
            <tr key={risk.code} data-inherited-risk={risk.code}>
              <th scope="row" className="plain">
                <span className="code-chip">{risk.code}</span> <ShownText text={risk.title} />{" "}
                <span className="tag">
                  inherited from <ShownText text={base.name} />
                </span>
                {actions?.(risk)}
              </th>
              <td className="small">
                {riskTypeLabel[risk.riskType]}
                <br />
                <span className="muted">{harmAreaLabel[risk.harmArea]}</span>
              </td>
              {uses.map((use) => {
                const cell = risk.cells[use.code];
                const evidence = risk.evidence[use.code];
                return (
                  <td key={use.code} className="small" data-cell={`${risk.code}-${use.code}`}>
                    {cell ? (
                      <span className="cell-line">
                        <span className="muted">
                          <ShownText text={base.name} />:
                        </span>{" "}
                        {appliesLabel[cell.applies]}
                        {cell.applies === "YES" && <LevelBadge level={cell.level} score={cell.score} />}
                      </span>
                    ) : (
                      <span className="muted">
                        <ShownText text={base.name} /> has no such use
                      </span>
                    )}
                    {evidence && (
                      <span className="cell-line">
                        <InheritedEvidenceBadge inherited={evidence} />
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
