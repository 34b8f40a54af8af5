// Publishing a card release: an approver freezes the card's markdown (with its sha256), the JSON
// of the card and evidence it was rendered from, the CycloneDX BOM and the .eval_results file
// rendered from that JSON (each with its sha256) and the publisher's name as it is then, under the
// next version number. While an applicable cell lacks current evidence or an approval, publishing
// is refused with the list of gaps, unless the approver accepts exactly those gaps with a
// justification the release records.
import { z } from "zod";
import { freeText, namedString } from "../domain/free-text";
import { recordAuditEvent } from "../audit/record-audit-event";
import { heading, list, paragraph, text } from "../card/mdast-builders";
import { renderBlocks } from "../card/render-markdown";
import type { Card } from "../card/schema";
import { loadLiveCardWith, renderCardFile } from "./card-export";
import { loadRelease, RELEASE_PUBLISH_ACTION, type Release } from "./load-releases";
import { describeGap, gapsHeadline, type ReleaseGap } from "./describe-gap";
import { releaseGaps } from "./release-gaps";
import { sameSnapshot, snapshotJson } from "./release-snapshot";
import { appOrigin, releaseSource } from "./release-source";
import { derivedReleaseBody, sha256Of } from "./release-file";
import { defineCommand } from "../commands/define-command";
import { isUniqueViolation } from "../db/unique-violation";
import { modelSlugRef } from "../domain/record-id";

export const publishReleaseSchema = z.object({
  slug: modelSlugRef,
  /** The gaps the approver saw, in `describeGap` form, and why the card may ship with them. */
  acceptance: z
    .object({
      justification: freeText("the justification").trim().min(1, "say why the card may be published with these gaps").max(5000),
      gaps: z.array(namedString("a gap").max(2000)).max(10_000, "at most 10,000 gaps"),
    })
    .optional(),
});

export type PublishReleaseInput = z.infer<typeof publishReleaseSchema>;

export type PublishReleaseResult =
  | { ok: true; release: Release }
  | { ok: false; kind: "invalid" | "forbidden" | "not_found" | "unchanged" | "conflict"; message: string }
  | { ok: false; kind: "gaps"; message: string; gaps: ReleaseGap[] };

/**
 * Two approvers publishing at once both ask for the same next version; the loser tries again, on top
 * of the release that won, with the card read again. Beyond a few tries it is told so, rather than
 * sent the database's error.
 */
const VERSION_ATTEMPTS = 3;

export const publishRelease = defineCommand({
  name: "release.publish",
  doing: "publishing a release",
  role: "APPROVER",
  schema: publishReleaseSchema,
  audit: ["release.publish"],
  async run(db, actor, input): Promise<PublishReleaseResult> {
    const { slug, acceptance } = input;

    const model = await db.model.findUnique({ where: { slug }, select: { id: true } });
    if (!model) return { ok: false, kind: "not_found", message: `no model ${slug}` };
    // The markdown names its own release, at the app's address, as the source of its results
    // (model-index), so it is rendered for a version and an address.
    const origin = appOrigin();
    const publishedByName = actor.id ? ((await db.user.findUnique({ where: { id: actor.id }, select: { name: true } }))?.name ?? actor.label) : actor.label;

    for (let attempt = 1; ; attempt++) {
      // The last release and the card are read as one state of the database, which the gaps are
      // judged on and the release stores: an edit committed meanwhile is in all of it or in none. A
      // release published since takes the version this one asks for, and this one is tried again on
      // the card as it is after that release, so a card read before another release is never
      // published after it.
      const { alongside: last, live } = await loadLiveCardWith(db, slug, (tx) =>
        tx.cardRelease.findFirst({ where: { modelId: model.id }, orderBy: { version: "desc" }, select: { version: true, json: true } }),
      );
      if (!live) return { ok: false, kind: "not_found", message: `no model ${slug}` };

      const lacking = lackedForRelease(live.snapshot.card);
      if (lacking) return { ok: false, kind: "invalid", message: lacking };

      const gaps = releaseGaps(live.snapshot, live.documentedCells);
      const refusal = refuseUnacceptedGaps(gaps, acceptance);
      if (refusal) return refusal;

      const accepted = gaps.length ? { gaps: gaps.map(describeGap), justification: acceptance!.justification } : undefined;
      const json = await snapshotJson({ ...live.snapshot, ...(accepted ? { acceptance: accepted } : {}) });
      // Unchanged is a matter of the card's data, not of its bytes: a new renderer, exporter or
      // address of the app writes the same card differently, and that is no new release.
      if (last && (await sameSnapshot(last.json, json))) {
        return { ok: false, kind: "unchanged", message: `nothing to publish: the card is identical to v${last.version}` };
      }
      const version = (last?.version ?? 0) + 1;
      const markdown =
        (await renderCardFile(live.snapshot, "md", slug, releaseSource(slug, live.snapshot.card.model.name, version, origin))).body +
        acceptanceMarkdown(accepted);
      const cdx = await derivedReleaseBody(json, "cdx", slug, version, origin);
      const evalResults = await derivedReleaseBody(json, "eval", slug, version, origin);
      const release = {
        modelId: model.id,
        version,
        markdown,
        json,
        sha256: sha256Of(markdown),
        cdx,
        cdxSha256: sha256Of(cdx),
        evalResults,
        evalResultsSha256: sha256Of(evalResults),
        publishedById: actor.id,
        publishedByName,
        sourceOrigin: origin,
        acceptedGaps: gaps.length ? gaps : undefined,
        justification: gaps.length ? acceptance!.justification : null,
      };
      try {
        await db.$transaction(async (tx) => {
          const created = await tx.cardRelease.create({ data: release, select: { id: true } });
          await recordAuditEvent(tx, actor, {
            action: RELEASE_PUBLISH_ACTION,
            entityType: "CardRelease",
            entityId: created.id,
            after: {
              slug,
              version,
              sha256: release.sha256,
              cdxSha256: release.cdxSha256,
              evalResultsSha256: release.evalResultsSha256,
              acceptedGaps: gaps.map(describeGap),
              justification: release.justification,
            },
          });
        });
        return { ok: true, release: (await loadRelease(db, slug, version))! };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (attempt >= VERSION_ATTEMPTS) {
          return { ok: false, kind: "conflict", message: `v${version} was published while you were publishing: look at it, then publish again` };
        }
      }
    }
  },
});

/**
 * A release's JSON is read back by the card schema (its diff, its CycloneDX and .eval_results
 * files), which holds a card to at least one use and one risk, as the importer does: a model
 * still blank is refused here rather than published as a release no one can open.
 */
function lackedForRelease(card: Card): string | null {
  const lacks = [...(card.uses.length ? [] : ["no use"]), ...(card.risks.length ? [] : ["no risk"])];
  return lacks.length ? `${card.model.name} has ${lacks.join(" and ")} yet: a card release needs at least one of each` : null;
}

/**
 * The gaps the approver accepted and why, as the closing section of the released markdown. The
 * justification is the approver's text, so it is written as text, as the card's own free text is:
 * markup in it never becomes a heading, a table or HTML of the card.
 */
function acceptanceMarkdown(accepted: { gaps: string[]; justification: string } | undefined): string {
  if (!accepted) return "";
  return `\n${renderBlocks([
    heading(2, "Accepted gaps"),
    list(accepted.gaps.map((gap) => [text(gap)])),
    heading(3, "Justification"),
    ...accepted.justification.split(/\n[ \t]*\n/).map((part) => paragraph([text(part)])),
  ])}`;
}

function refuseUnacceptedGaps(gaps: ReleaseGap[], acceptance: PublishReleaseInput["acceptance"]): PublishReleaseResult | null {
  if (!gaps.length) return null;
  if (!acceptance) {
    return {
      ok: false,
      kind: "gaps",
      message: `${gapsHeadline(gaps)}: publish only by accepting them with a justification`,
      gaps,
    };
  }
  // An acceptance covers the gaps the approver saw, not ones that appeared since.
  const accepted = new Set(acceptance.gaps);
  const unseen = gaps.filter((gap) => !accepted.has(describeGap(gap)));
  if (!unseen.length) return null;
  return {
    ok: false,
    kind: "gaps",
    message: `${unseen.length} gap${unseen.length === 1 ? "" : "s"} not in your acceptance (new since you looked?): ${unseen.map(describeGap).join("; ")}`,
    gaps,
  };
}
