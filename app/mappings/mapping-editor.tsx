"use client";
// The mapping's YAML in a text area. The text typed stays after a refused save (a YAML mistake, a
// risk code that is not one, another person's save in between), with the message naming the field.
import { useActionState } from "react";
import { KeepTyped, TypedTextarea } from "@/app/_components/typed-controls";
import { saveMappingAction } from "./actions";
import { ShownText } from "@/app/_components/shown-text";

export function MappingEditor({ file, text, sha256 }: { file: string; text: string; sha256: string }) {
  const [result, submit, pending] = useActionState(saveMappingAction, null);
  return (
    <form action={submit} aria-label={`Edit ${file}`}>
      <input type="hidden" name="file" value={file} />
      <input type="hidden" name="baseSha256" value={result?.ok ? result.sha256 : sha256} />
      <KeepTyped typed={result?.typed}>
        <label className="field">
          {file}
          <TypedTextarea name="text" defaultValue={text} rows={30} spellCheck={false} style={{ fontFamily: "monospace", width: "100%" }} />
        </label>
      </KeepTyped>
      <button type="submit" disabled={pending}>
        Save the mapping
      </button>
      {result && !result.ok && (
        <p role="alert" className="field-error">
          <ShownText text={result.message} />
        </p>
      )}
      {result?.ok && <p className="notice notice-ok">Saved: imports from now on are mapped with it.</p>}
    </form>
  );
}
