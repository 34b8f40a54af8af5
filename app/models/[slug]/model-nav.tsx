"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

// In the order of the work: judge the cells, test them, read the evidence, publish the card.
const sections = [
  { path: "", label: "Overview" },
  { path: "/matrix", label: "Matrix" },
  { path: "/campaigns", label: "Campaigns" },
  { path: "/campaigns/heatmap", label: "Evidence" },
  { path: "/imports", label: "Imports" },
  { path: "/labelling", label: "Labelling" },
  { path: "/card", label: "Card" },
  { path: "/releases", label: "Releases" },
  { path: "/risks", label: "Risks" },
  { path: "/uses", label: "Uses" },
  { path: "/mitigations", label: "Mitigations" },
  { path: "/frameworks", label: "Frameworks" },
  { path: "/audit", label: "Audit" },
];

/** Admins only: the page sets paths on the server. */
const settings = { path: "/settings", label: "Settings" };

export function ModelNav({ slug, showSettings }: { slug: string; showSettings: boolean }) {
  const pathname = usePathname();
  const base = `/models/${slug}`;
  const shown = showSettings ? [...sections, settings] : sections;
  // The deepest section the path is in is the current one (Overview only on its own page).
  const within = shown.filter((s) => s.path && (pathname === base + s.path || pathname.startsWith(`${base}${s.path}/`)));
  const current = within.sort((a, b) => b.path.length - a.path.length)[0]?.path ?? (pathname === base ? "" : null);
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
