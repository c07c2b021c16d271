import type { PackageFile } from '../api/packages.ts';

/** What a package holds, before it is installed. */
export function PackageSummary({ pkg }: { pkg: PackageFile }) {
  return (
    <div className="package-summary">
      <h3>
        {pkg.manifest.name} <span className="muted">{pkg.manifest.version}</span>
      </h3>
      {pkg.manifest.description ? <p className="muted">{pkg.manifest.description}</p> : null}
      <p className="small">
        Workflows:{' '}
        {pkg.workflows.length === 0
          ? 'none'
          : pkg.workflows.map((w, i) => (
              <span key={w.id}>
                {i > 0 ? ', ' : ''}
                <code>{w.id}</code>
              </span>
            ))}
      </p>
      {pkg.collections.length > 0 ? (
        <p className="small">
          Collections:{' '}
          {pkg.collections.map((c, i) => (
            <span key={c.name}>
              {i > 0 ? ', ' : ''}
              <code>{c.name}</code>
            </span>
          ))}
        </p>
      ) : null}
    </div>
  );
}
