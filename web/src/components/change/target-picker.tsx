// Target checkboxes: the project's databases grouped by environment, with one box for a whole environment.
import type { Database, Environment } from '../../api.ts';
import { environmentRank } from '../../format.ts';

/** A database by the key the form keeps: `environment/instance/name`. */
export const databaseKey = (d: Database) => `${d.environment}/${d.instance}/${d.name}`;

export interface TargetPickerProps {
  databases: Database[];
  environments: Environment[];
  selected: ReadonlySet<string>;
  onChange: (selected: Set<string>) => void;
}

/** The API's targets for a selection: a whole environment where every database of it is chosen. */
export function targetsOf(
  databases: Database[],
  selected: ReadonlySet<string>,
): { environment: string; database?: string }[] {
  const targets: { environment: string; database?: string }[] = [];
  for (const env of [...new Set(databases.map((d) => d.environment))]) {
    const inEnv = databases.filter((d) => d.environment === env);
    const chosen = inEnv.filter((d) => selected.has(databaseKey(d)));
    if (chosen.length === 0) continue;
    if (chosen.length === inEnv.length) targets.push({ environment: env });
    // Two instances of one environment may hold databases of the same name; a name then selects both.
    else
      for (const name of new Set(chosen.map((d) => d.name)))
        targets.push({ environment: env, database: name });
  }
  return targets;
}

export function TargetPicker({ databases, environments, selected, onChange }: TargetPickerProps) {
  const envKeys = [...new Set(databases.map((d) => d.environment))].sort(
    (a, b) => environmentRank(environments, a) - environmentRank(environments, b),
  );
  const toggle = (keys: string[], on: boolean) => {
    const next = new Set(selected);
    for (const k of keys) on ? next.add(k) : next.delete(k);
    onChange(next);
  };
  if (databases.length === 0) return <p class="muted">This project has no databases to change.</p>;
  return (
    <fieldset class="targets">
      <legend>Targets</legend>
      <p class="hint">One stage per environment, in rollout order; each chosen database gets a task.</p>
      <div class="target-groups">
        {envKeys.map((env) => {
          const inEnv = databases.filter((d) => d.environment === env);
          const keys = inEnv.map(databaseKey);
          const count = keys.filter((k) => selected.has(k)).length;
          const name = environments.find((e) => e.key === env)?.name ?? env;
          return (
            <div class="target-group" key={env}>
              <label class="check check-env">
                <input
                  type="checkbox"
                  checked={count === keys.length}
                  ref={(el) => {
                    if (el) el.indeterminate = count > 0 && count < keys.length;
                  }}
                  onChange={(e) => toggle(keys, e.currentTarget.checked)}
                />
                <span>
                  {name} <span class="muted">(all {keys.length})</span>
                </span>
              </label>
              <ul class="plain-list target-dbs">
                {inEnv.map((d) => (
                  <li key={databaseKey(d)}>
                    <label class="check">
                      <input
                        type="checkbox"
                        checked={selected.has(databaseKey(d))}
                        onChange={(e) => toggle([databaseKey(d)], e.currentTarget.checked)}
                      />
                      <span>
                        {d.name} <span class="muted">on {d.instance}</span>
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
