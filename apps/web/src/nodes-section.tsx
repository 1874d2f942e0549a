'use client';

import { useQuery } from '@tanstack/react-query';

import { useSession } from './session';
import { formatAgo, formatZonedDateTime } from './time-format';
import { useNow } from './use-now';

/** How often the node list is fetched again, so "last seen" and the lease state stay close to the truth. */
const NODES_REFRESH_MS = 10_000;

/**
 * Lists the server processes that share this database (one on SQLite), with
 * this node marked, when each started, when it was last seen and whether its
 * lease is current. Nodes mark themselves seen every 10 s and remove their
 * own row when they stop cleanly.
 */
export function NodesSection() {
  const { client } = useSession();
  const now = useNow(5_000);
  const nodes = useQuery({
    queryKey: ['nodes.list'],
    queryFn: () => client!.api.nodes.list.query(),
    enabled: client !== undefined,
    refetchInterval: NODES_REFRESH_MS,
  });

  return (
    <section aria-labelledby="nodes-heading" className="card stack">
      <h2 id="nodes-heading">Nodes</h2>
      <p className="muted small">
        Server processes that use this database: one on SQLite, one or more on PostgreSQL. Each marks itself seen every 10
        seconds and removes itself from this list when it stops.
      </p>
      <p className="muted small">
        A node with an expired lease stopped without removing itself, for example because it crashed. The other nodes close
        its runs as Aborted, and it is removed from the list after a day without being seen. On SQLite, the server removes
        the nodes of earlier processes when it starts.
      </p>
      {nodes.data === undefined ? (
        <p>{nodes.error === null ? 'Loading nodes…' : `Could not load the nodes: ${nodes.error.message}`}</p>
      ) : (
        <ul className="plain-list">
          {nodes.data.map((node) => (
            <li key={node.id} className="trigger-row" aria-label={`Node ${node.id}`}>
              <div className="task-main">
                <strong>
                  <span className="node-id">{node.id}</span>
                  {node.isThisNode ? <span className="tag">this node</span> : null}
                  <span className={node.leaseIsCurrent ? 'tag lease-current' : 'tag lease-expired'}>
                    {node.leaseIsCurrent ? 'lease current' : 'lease expired'}
                  </span>
                </strong>
                <span className="muted small">
                  Host {node.hostname}, process {node.pid}, version {node.version}
                </span>
                <span className="muted small">
                  Started <time dateTime={node.startedAt}>{formatZonedDateTime(new Date(node.startedAt))}</time> · last seen{' '}
                  <time dateTime={node.lastSeenAt} title={formatZonedDateTime(new Date(node.lastSeenAt), undefined, true)}>
                    {formatAgo(new Date(node.lastSeenAt), now)}
                  </time>
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
