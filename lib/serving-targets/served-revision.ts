// A serving target's declared revision is what its campaigns and evidence claim was served, and evidence whose claim
// equals the model's revision counts as current. Some endpoints say which weights they serve in the root their
// /v1/models gives: this engine's `engine serve` gives its weights' revision (the checkpoint's hash, with "+int4-block N"
// when it packed them to 4 bits), and vLLM serving a Hugging Face snapshot folder gives a path holding the snapshot's
// commit. Where the root names a revision in the form the declaration uses, the two must agree, or the evidence would
// claim weights its endpoint said it did not serve. A root that names no revision (a hub name, another path) checks nothing.

/** What `engine serve` puts in root: its weights' revision (engine/local-backend.ts). */
const ENGINE_REVISION = /^[0-9a-f]{64}(?:\+int4-block\d+)?$/;
/** A Hugging Face cache's snapshot folder: ".../snapshots/<commit>/...". */
const SNAPSHOT_COMMIT = /\/snapshots\/([0-9a-f]{40})(?:\/|$)/;
/** A declaration that starts with a commit, whole or abbreviated ("a1b2c3d", "a1b2c3d fp8"). */
const DECLARED_COMMIT = /^([0-9a-f]{7,40})(?:\s|$)/i;

/** Whether `root` names a revision in a form `declaredRevision` is compared with: else the root checks nothing. */
export function rootChecksDeclaredRevision(root: string | null, declaredRevision: string): boolean {
  if (root === null) return false;
  return ENGINE_REVISION.test(root) || (SNAPSHOT_COMMIT.test(root) && DECLARED_COMMIT.test(declaredRevision));
}

/** Why the endpoint's root contradicts the declared revision, or null when it agrees or names no revision to compare. */
export function rootContradictsDeclaredRevision(root: string | null, declaredRevision: string): string | null {
  if (root === null) return null;
  if (ENGINE_REVISION.test(root))
    return root === declaredRevision
      ? null
      : `its /v1/models root says it serves the weights of revision ${root}, not the declared revision "${declaredRevision}"`;
  const snapshot = SNAPSHOT_COMMIT.exec(root)?.[1];
  const declaredCommit = DECLARED_COMMIT.exec(declaredRevision)?.[1].toLowerCase();
  if (!snapshot || !declaredCommit || snapshot.startsWith(declaredCommit)) return null;
  return `its /v1/models root (${root}) is the snapshot of commit ${snapshot}, not the declared commit ${declaredCommit}`;
}
