// The three downloads of a card, live or released; `base` is the API folder that serves them.
const files = [
  { name: "card.md", label: "Markdown (.md)" },
  { name: "card.json", label: "JSON (.json)" },
  { name: "card.cdx.json", label: "CycloneDX ML-BOM (.cdx.json)" },
];

export function DownloadLinks({ base, what }: { base: string; what: string }) {
  return (
    <nav className="toolbar" aria-label={`Download ${what}`}>
      <span className="muted small">Download {what}:</span>
      {files.map((file) => (
        <a key={file.name} className="button" href={`${base}/${file.name}`} download>
          {file.label}
        </a>
      ))}
    </nav>
  );
}
