// A form's fields after a refused save start from what was typed in them (app/_components/
// typed-controls.tsx), and otherwise from their own defaults. Rendered as the server renders them,
// which is also what a browser without scripts shows after a refusal.
import { createElement as h, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { KeepTyped, TypedInput, TypedSelect, TypedTextarea } from "../../app/_components/typed-controls";
import type { TypedFields } from "../../app/_components/typed-fields";

const typeSelect = () =>
  h(
    TypedSelect,
    { name: "riskType", defaultValue: "CAPABILITY" },
    h("option", { value: "CAPABILITY" }, "capability"),
    h("option", { value: "SYSTEMIC" }, "systemic"),
  );

const fields = () => [
  h(TypedInput, { key: "title", name: "title", defaultValue: "Stored title" }),
  h(TypedTextarea, { key: "reason", name: "reason" }),
  h("span", { key: "type" }, typeSelect()),
  h(TypedInput, { key: "U1", type: "checkbox", name: "uses", value: "U1", defaultChecked: true }),
  h(TypedInput, { key: "U4", type: "checkbox", name: "uses", value: "U4" }),
];

const rendered = (typed: TypedFields | undefined, children: ReactNode = fields()) => renderToStaticMarkup(h(KeepTyped, { typed, children }));

describe("a form's fields after a refused save", () => {
  const typed = { title: ["Typed title"], reason: ["Typed reason"], riskType: ["SYSTEMIC"], uses: ["U4"] };

  test("start from what was typed in each: text, a select's choice and the boxes ticked", () => {
    const html = rendered(typed);
    expect(html).toContain('value="Typed title"');
    expect(html).toContain(">Typed reason</textarea>");
    expect(html).toContain('<option value="SYSTEMIC" selected="">');
    expect(html).toContain('checked="" value="U4"');
    expect(html).not.toContain('checked="" value="U1"');
  });

  test("start from their own defaults before any refusal", () => {
    const html = rendered(undefined);
    expect(html).toContain('value="Stored title"');
    expect(html).toContain('<option value="CAPABILITY" selected="">');
    expect(html).toContain('checked="" value="U1"');
    expect(html).not.toContain('checked="" value="U4"');
  });

  test("a field the refusal did not carry starts from its own default", () => {
    expect(rendered({ reason: ["x"] }, typeSelect())).toContain('<option value="CAPABILITY" selected="">');
  });
});
