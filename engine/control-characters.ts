// A name another party gives (an endpoint's model and root, a result file's tested model and run) is one line of
// text that reaches terminals, logs and the card. Each control character in it, line breaks included, is written
// out as its JSON escape ("\u001b", "\u000a"), so that the name reads as it was sent and acts on nothing.

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is written out
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

export function controlsWrittenOut(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
