"use client";
// A form's fields that start, after a refusal, from what was typed in them (typed-fields.ts says
// why). The form puts its refusal's fields around them with <KeepTyped>; a field outside one, or
// before any refusal, starts from its own default.
import { createContext, useContext, type ComponentProps, type ReactNode } from "react";
import { typedChecked, typedOr, type TypedFields } from "./typed-fields";

const TypedContext = createContext<TypedFields | undefined>(undefined);

export function KeepTyped({ typed, children }: { typed: TypedFields | undefined; children: ReactNode }) {
  return <TypedContext value={typed}>{children}</TypedContext>;
}

/** A field's props with its name required and its default a value React can reset it to. */
type Typed<Props> = Omit<Props, "name" | "defaultValue"> & { name: string; defaultValue?: string | number };

const own = (defaultValue: string | number | undefined) => (defaultValue === undefined ? undefined : String(defaultValue));

export function TypedInput({ name, defaultValue, defaultChecked, ...props }: Typed<ComponentProps<"input">>) {
  const typed = useContext(TypedContext);
  if (props.type === "checkbox" || props.type === "radio") {
    // An unticked box sends nothing, so after a refusal a box is ticked only if it was sent.
    return <input {...props} name={name} defaultChecked={typedChecked(typed, name, String(props.value ?? "on"), defaultChecked ?? false)} />;
  }
  return <input {...props} name={name} defaultValue={typedOr(typed, name, own(defaultValue))} />;
}

export function TypedTextarea({ name, defaultValue, ...props }: Typed<ComponentProps<"textarea">>) {
  const typed = useContext(TypedContext);
  return <textarea {...props} name={name} defaultValue={typedOr(typed, name, own(defaultValue))} />;
}

export function TypedSelect({ name, defaultValue, ...props }: Typed<ComponentProps<"select">>) {
  const typed = useContext(TypedContext);
  const value = typedOr(typed, name, own(defaultValue));
  // React applies a select's default only when it mounts (an input's or a textarea's it applies on
  // every render), so a new default is a new select.
  return <select key={value} {...props} name={name} defaultValue={value} />;
}

/** The version of the row a form edits: the page's, or after a conflict the one its refusal carried (typed-fields.ts). */
export function VersionField({ version }: { version: number }) {
  return <TypedInput type="hidden" name="expectedVersion" defaultValue={version} />;
}
