// Beside a model's or another tool's text: says what a ␀ in it is, since it cannot be told from a
// ␀ the text held by looking (lib/domain/kept-text.ts).
import { NUL_KEPT_AS } from "@/lib/domain/kept-text";

export function KeptNulNote({ texts }: { texts: readonly (string | null)[] }) {
  if (!texts.some((text) => text?.includes(NUL_KEPT_AS))) return null;
  return (
    <p className="muted small" data-testid="kept-nul-note">
      {NUL_KEPT_AS} stands for a NUL character (U+0000) in the text as written: it is stored and judged as {NUL_KEPT_AS}, on SQLite and PostgreSQL alike.
    </p>
  );
}
