// Each case x repeat samples with its own seed, derived from the campaign seed, the case key and
// the repeat number, so an output does not depend on which worker ran it, in which batch or order.
import { createHash } from "node:crypto";

export function caseSeed(campaignSeed: number, caseKey: string, repeat: number): number {
  const digest = createHash("sha256").update(`${campaignSeed}\u0000${caseKey}\u0000${repeat}`).digest();
  // 31 bits: a non-negative int32 every sampler and every OpenAI-compatible server accepts.
  return digest.readUInt32BE(0) >>> 1;
}
