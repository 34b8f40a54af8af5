// The downloads of a card, live or released; `base` is the API folder that serves them. A release
// also gives its results in the Hub's .eval_results form, which names the release as their source.
const files = [
  { name: "card.md", label: "Markdown (.md)" },
  { name: "card.json", label: "JSON (.json)" },
  { name: "card.cdx.json", label: "CycloneDX ML-BOM (.cdx.json)" },
];
const releaseFiles = [...files, { name: "card.eval_results.yaml", label: "Hub eval results (.eval_results/*.yaml)" }];

export function DownloadLinks({ base, what, release = false }: { base: string; what: string; release?: boolean }) {
  return (
    <nav className="toolbar" aria-label={`Download ${what}`}>
      <span className="muted small">Download {what}:</span>
      {(release ? releaseFiles : files).map((file) => (
        <a key={file.name} className="button" href={`${base}/${file.name}`} download>
          {file.label}
        </a>
      ))}
    </nav>
  );
}
