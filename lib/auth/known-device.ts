// A browser that has signed in as a person carries a signed cookie naming that person and itself.
// Its later sign-ins as that person get their own rate-limit bucket (lib/auth/sign-in-rate-limit.ts):
// an attacker guessing from elsewhere, or from behind the same address, cannot lock the owner's
// usual browser out. The cookie is signed with the auth secret, so nobody can make one up.
import { randomBytes } from "node:crypto";

export const KNOWN_DEVICE_COOKIE = "riskledger.known_device";
export const KNOWN_DEVICE_DAYS = 180;

/** The cookie's value for a person on a new device: their id and a random device name. */
export function newKnownDevice(userId: string): string {
  return `${userId}.${randomBytes(12).toString("base64url")}`;
}

/** The device's name when the cookie names this person, else undefined. */
export function knownDeviceOf(cookieValue: string | null | undefined, userId: string | undefined): string | undefined {
  if (!cookieValue || !userId) return undefined;
  const [owner, device] = cookieValue.split(".");
  return owner === userId && device ? device : undefined;
}
