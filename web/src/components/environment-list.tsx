// The workspace's environments in rollout order, drawn as a left-to-right path.
import type { Environment } from '../api.ts';

export function EnvironmentList({ environments }: { environments: readonly Environment[] }) {
  return (
    <section class="panel" aria-labelledby="environments-title">
      <h2 id="environments-title">Environments</h2>
      {environments.length === 0 ? (
        <p class="muted">This workspace has no environments yet.</p>
      ) : (
        <ol class="environment-path" aria-label="Environments">
          {environments.map((e) => (
            <li key={e.key} title={`Key: ${e.key}`}>
              {e.name}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
