// Evidence is only as good as what it was made under. A campaign aggregate records the model
// revision, the suite content, the detector versions and the settings; when any of them is no
// longer the current one, the evidence is shown as stale instead of being silently reused.
import { existsSync } from "node:fs";
import { openCheckpoint } from "../../engine/checkpoint";
import { detectorsHash } from "../detectors/registry";
import type { Db } from "../db/types";
import { combineSuiteHashes } from "./aggregate";
import { checkpointDir } from "./campaign-backend";
import type { StaleReason } from "./stale-reasons";

export type { StaleReason };


export interface CurrentHashes {
  /** null when the model's revision cannot be known here (no checkpoint on this machine). */
  modelRevision: string | null;
  suiteHashByUse: Map<string, string>;
  detectorsHash: string;
  /** Only when evidence is held to particular settings (e.g. a CI gate's). */
  settingsHash?: string;
}

export interface HashedEvidence {
  modelRevision: string | null;
  suiteHash: string | null;
  detectorsHash: string | null;
  settingsHash: string | null;
}

/** Why a piece of campaign evidence for a cell of `useCode` is stale; empty when it is current. */
export function staleReasons(evidence: HashedEvidence, useCode: string, current: CurrentHashes): StaleReason[] {
  const reasons: StaleReason[] = [];
  if (current.modelRevision && evidence.modelRevision !== current.modelRevision) reasons.push("model");
  if (evidence.suiteHash !== (current.suiteHashByUse.get(useCode) ?? null)) reasons.push("suite");
  if (evidence.detectorsHash !== current.detectorsHash) reasons.push("detectors");
  if (current.settingsHash && evidence.settingsHash !== current.settingsHash) reasons.push("settings");
  return reasons;
}

export async function loadCurrentHashes(db: Db, modelId: string, settingsHash?: string): Promise<CurrentHashes> {
  const model = await db.model.findUniqueOrThrow({
    where: { id: modelId },
    select: { revisionHash: true, checkpointPath: true, suites: { select: { contentHash: true, use: { select: { code: true } } } } },
  });
  return {
    modelRevision: model.revisionHash ?? localRevision(checkpointDir(model)),
    suiteHashByUse: combineSuiteHashes(model.suites.map((suite) => ({ useCode: suite.use.code, contentHash: suite.contentHash }))),
    detectorsHash: detectorsHash(),
    ...(settingsHash ? { settingsHash } : {}),
  };
}

function localRevision(dir: string): string | null {
  return existsSync(dir) ? openCheckpoint(dir).revision : null;
}
