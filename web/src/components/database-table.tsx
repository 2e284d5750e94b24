// Databases of a project, ordered by environment then name, each linking to its migration history and schema;
// on phones each row becomes a labelled card.
import type { Database, Environment } from '../api.ts';
import { environmentName, environmentRank } from '../format.ts';
import { hrefFor } from '../router.ts';

export interface DatabaseTableProps {
  databases: readonly Database[];
  environments: readonly Environment[];
  caption: string;
}

export function DatabaseTable({ databases, environments, caption }: DatabaseTableProps) {
  if (databases.length === 0) return <p class="muted">No databases in this project yet.</p>;
  const rows = [...databases].sort(
    (a, b) =>
      environmentRank(environments, a.environment) - environmentRank(environments, b.environment) ||
      a.name.localeCompare(b.name),
  );
  return (
    <div class="table-scroll">
      <table class="stack-on-phone">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Database</th>
            <th scope="col">Instance</th>
            <th scope="col">Environment</th>
            <th scope="col">Engine</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={`${d.instance}/${d.name}`}>
              <td data-label="Database">
                <a
                  href={hrefFor({ name: 'database', instance: d.instance, database: d.name })}
                  aria-label={`${d.name} on ${d.instance}: history and schema`}
                >
                  {d.name}
                </a>
              </td>
              <td data-label="Instance">{d.instance}</td>
              <td data-label="Environment">{environmentName(environments, d.environment)}</td>
              <td data-label="Engine">{d.engine}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
