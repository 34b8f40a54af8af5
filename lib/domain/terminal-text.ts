// Text another party wrote (a result file's model name, an endpoint's error) as a command prints it on an operator's
// terminal. A terminal applies control characters: ESC starts sequences that recolour the line, retitle the window or
// clear the screen, and a bidirectional control reorders what follows. Each is named where it stands ("<U+001B>"),
// as pages name bidirectional controls. Line breaks and tabs are the command's own layout and are kept.
import { withBidiControlsNamed } from "./bidi-controls";

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is named
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function terminalText(value: string): string {
  return withBidiControlsNamed(value).replace(TERMINAL_CONTROLS, (char) => `<U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}>`);
}
