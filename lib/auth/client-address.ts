// Which client a request comes from, for the sign-in limits. X-Forwarded-For is believed only when
// RISKLEDGER_TRUSTED_PROXIES lists the proxies in front (addresses or CIDR ranges, comma-separated):
// each proxy appends the address it was reached from, so reading from the right and skipping our
// own proxies, the first address is the client; whatever a client wrote itself lies further left
// and is never read. Set it only when the app is reachable through those proxies alone: the app
// cannot see who connected to it, so a request that skips them could write the header itself.
// Without trusted proxies every client is the one bucket DIRECT_CLIENTS: Next.js gives a route no
// socket address, and the X-Forwarded-For it fills in when a request has none cannot be told apart
// from one a client wrote. One bucket makes the per-address limits count every client together,
// which is the embedded install's case (one machine, a handful of people); a browser that signed
// in before is not held back by it (lib/auth/known-device.ts).
import { BlockList, isIP } from "node:net";

export const DIRECT_CLIENTS = "direct";

export function trustedProxies(env: Record<string, string | undefined> = process.env): BlockList | null {
  const entries = (env.RISKLEDGER_TRUSTED_PROXIES ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (!isIP(address)) throw new Error(`RISKLEDGER_TRUSTED_PROXIES: ${entry} is not an address or CIDR range`);
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
}

/** The client's address when a trusted proxy says so, else DIRECT_CLIENTS. */
export function clientAddress(headers: Headers, env: Record<string, string | undefined> = process.env): string {
  const proxies = trustedProxies(env);
  const forwarded = headers.get("x-forwarded-for");
  if (!proxies || !forwarded) return DIRECT_CLIENTS;
  const hops = forwarded.split(",").map((hop) => hop.trim());
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isIP(hops[i])) return DIRECT_CLIENTS;
    if (!isTrusted(proxies, hops[i])) return hops[i];
  }
  return DIRECT_CLIENTS;
}
