// Display text for values the API sends as keys (roles, environments).
import type { Environment } from './api.ts';

const roleLabels: Record<string, string> = {
  owner: 'Owner',
  dba: 'DBA',
  developer: 'Developer',
};

export function roleLabel(role: string): string {
  return roleLabels[role] ?? role;
}

/** The environment's display name, or its key when the workspace does not list it. */
export function environmentName(environments: readonly Environment[], key: string): string {
  return environments.find((e) => e.key === key)?.name ?? key;
}

/** Position of an environment in the rollout order; unknown environments sort last. */
export function environmentRank(environments: readonly Environment[], key: string): number {
  const index = environments.findIndex((e) => e.key === key);
  return index === -1 ? environments.length : index;
}
