// A person's text (a risk's title, a use's purpose, a mitigation, a rationale) as a page shows it:
// each bidirectional control named where it stands, as the card's preview shows it, so an unclosed
// right-to-left override cannot reverse the rest of the line (lib/domain/bidi-controls.ts).
import { BIDI_CONTROL_SHOWN, bidiControlsMarked } from "@/lib/domain/bidi-controls";

export function ShownText({ text }: { text: string }) {
  return bidiControlsMarked(text).map((part, index) =>
    "control" in part ? (
      <code key={index} title={BIDI_CONTROL_SHOWN}>
        {part.control}
      </code>
    ) : (
      part.text
    ),
  );
}
