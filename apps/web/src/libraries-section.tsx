'use client';

import { useQuery } from '@tanstack/react-query';

import { useSession } from './session';

/**
 * Shows the library folders Scan Media Library walks, read-only, and states
 * where they are configured. The server reads them at start, so a change needs a restart.
 */
export function LibrariesSection() {
  const { client } = useSession();
  const libraries = useQuery({
    queryKey: ['server.libraries'],
    queryFn: () => client!.api.server.libraries.query(),
    enabled: client !== undefined,
  });

  return (
    <section aria-labelledby="libraries-heading" className="card stack">
      <h2 id="libraries-heading">Libraries</h2>
      {libraries.data === undefined ? (
        <p>{libraries.error === null ? 'Loading libraries…' : `Could not load the libraries: ${libraries.error.message}`}</p>
      ) : (
        <>
          {libraries.data.libraries.length === 0 ? (
            <p>No libraries are configured, so Scan Media Library has nothing to scan.</p>
          ) : (
            <ul className="plain-list">
              {libraries.data.libraries.map((library) => (
                <li key={library.name} className="trigger-row" aria-label={`Library ${library.name}`}>
                  <div className="task-main">
                    <strong>{library.name}</strong>
                    {library.paths.map((folder) => (
                      <code key={folder} className="folder">
                        {folder}
                      </code>
                    ))}
                  </div>
                </li>
              ))}
            </ul>
          )}
          <p className="muted small" data-testid="library-source">
            {libraries.data.source.kind === 'environment' ? (
              <>
                These folders come from the <code>{libraries.data.source.variable}</code> environment variable (folders separated
                by <code>:</code>, or <code>;</code> on Windows). To change them, change the variable and restart the server.
              </>
            ) : libraries.data.libraries.length === 0 ? (
              <>
                To add libraries, list them under <code>libraries</code> in <code>{libraries.data.source.path}</code> or set the{' '}
                <code>TICKWORK_LIBRARY_PATHS</code> environment variable, then restart the server.
              </>
            ) : (
              <>
                These folders come from the <code>libraries</code> list in <code>{libraries.data.source.path}</code>. To change
                them, edit that file (or set <code>TICKWORK_LIBRARY_PATHS</code>, which takes precedence), then restart the server.
              </>
            )}
          </p>
        </>
      )}
    </section>
  );
}
