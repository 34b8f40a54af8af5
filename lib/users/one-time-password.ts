// A password made for someone who has none yet: random, shown once, never stored in clear.
import { randomBytes } from "node:crypto";

/** 24 characters of base64url: 144 bits, easy to copy from a terminal. */
export function oneTimePassword(): string {
  return randomBytes(18).toString("base64url");
}
