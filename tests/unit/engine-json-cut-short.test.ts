import { describe, expect, it } from "vitest";
import { endsBeforeItsJson } from "../../engine/json-cut-short";

// Answers as servers give them whole: vLLM's chat answer with log-probabilities, a completion with escapes and numbers
// of every form, an error body.
const answers = [
  {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1733450000,
    model: "/models/beluga",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: 'I can\'t help with "that".\n\u00e9\u{1F600}\\', reasoning_content: null, tool_calls: [] },
        logprobs: { content: [{ token: "I", logprob: -0.0123, bytes: [73], top_logprobs: [{ token: "I", logprob: -1.5e-3, bytes: [73] }] }] },
        finish_reason: "stop",
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
  },
  {
    choices: [{ text: "\u0000\u001f tab\there", finish_reason: "length", index: 0, logprobs: { top_logprobs: [{ " a": -0.5, " b": -2e10 }] } }],
    x: [true, false, null, -0.0, 1e-7, 12e3],
  },
  { error: { message: "The model `beluga` does not exist.", type: "NotFoundError", code: 404 } },
];

describe("a body cut short before its JSON ended", () => {
  it("is told wherever an answer is cut, the empty body included", () => {
    for (const answer of answers) {
      for (const text of [JSON.stringify(answer), JSON.stringify(answer, null, 2)]) {
        for (let end = 0; end < text.length; end++) {
          const cut = text.slice(0, end);
          expect(endsBeforeItsJson(cut), JSON.stringify(cut)).toBe(true);
        }
      }
    }
  });

  it("is not told of a body that no ending makes JSON", () => {
    for (const text of [
      "<html><body>502 Bad Gateway</body></html>",
      "Internal Server Error",
      '{"a":1}}',
      '{"a" 1',
      "[1,]",
      '{"a":1,}',
      '{"a":tru e}',
      '{"a":01',
      '{"a":"\\x"',
      "data: {}",
      '{"a":1} trailing',
    ]) {
      expect(endsBeforeItsJson(text), text).toBe(false);
    }
  });
});
