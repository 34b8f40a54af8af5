// `riskledger user create` and `user list` quote a person's name, which the person or an admin
// typed: a bidirectional control in it (an unclosed U+202E reverses the rest of its terminal line,
// the role column with it) is written by name, as the rest of the CLI writes it.
import { expect, test } from "vitest";
import { BIDI_CONTROLS } from "../../lib/domain/bidi-controls";
import { freshDatabase } from "../support/fresh-database";
import { runCli } from "../support/run-cli";

test("user create and user list name the bidirectional controls of a person's name", async () => {
  const { url } = freshDatabase();
  const created = await runCli("cli/riskledger.ts", ["user", "create", "--email", "eve@example.org", "--name", "Eve \u202ERenob", "--role", "viewer"], url);
  expect(created.code).toBe(0);
  expect(created.stdout).toContain("created viewer Eve <U+202E>Renob <eve@example.org>");

  const listed = await runCli("cli/riskledger.ts", ["user", "list"], url);
  expect(listed.code).toBe(0);
  expect(listed.stdout).toBe("eve@example.org\tEve <U+202E>Renob\tviewer\n");
  expect(`${created.stdout}${listed.stdout}`).not.toMatch(new RegExp(`[${BIDI_CONTROLS}]`));
}, 60_000);
