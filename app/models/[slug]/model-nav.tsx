"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const sections = [
  { path: "", label: "Overview" },
  { path: "/matrix", label: "Matrix" },
  { path: "/risks", label: "Risks" },
  { path: "/uses", label: "Uses" },
  { path: "/mitigations", label: "Mitigations" },
  { path: "/card", label: "Card" },
  { path: "/audit", label: "Audit" },
];

/** Admins only: the page sets paths on the server. */
const settings = { path: "/settings", label: "Settings" };

export function ModelNav({ slug, showSettings }: { slug: string; showSettings: boolean }) {
  const pathname = usePathname();
  const base = `/models/${slug}`;
  const shown = showSettings ? [...sections, settings] : sections;
  // The deepest section the path is in is the current one (Overview only on its own page).
  const current = shown.find((s) => s.path && pathname.startsWith(base + s.path))?.path ?? (pathname === base ? "" : null);
  return (
    <nav className="model-nav" aria-label="Model sections">
      <ul>
        {shown.map((section) => (
          <li key={section.label}>
            <Link href={base + section.path} aria-current={current === section.path ? "page" : undefined}>
              {section.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
