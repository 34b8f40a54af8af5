import { expect, test } from "vitest";
import { terminalText } from "../../lib/domain/terminal-text";

test("a terminal's control characters and bidirectional controls are named; line breaks and tabs are kept", () => {
  expect(terminalText("a\u001b[2Jb\u0007c\u007fd\u009be\u202ef\n\tg\r")).toBe("a<U+001B>[2Jb<U+0007>c<U+007F>d<U+009B>e<U+202E>f\n\tg<U+000D>");
  expect(terminalText("plain text, é and ×")).toBe("plain text, é and ×");
});
