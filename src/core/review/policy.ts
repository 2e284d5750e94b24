// Policies: templates seed every rule's level and parameters; environment and project layers override them.
import { ruleCatalog } from './catalog.ts';
import type { PolicyFile, ReviewPolicy, ReviewTemplate, RuleParams } from './types.ts';

function defaults(params: { name: string; default: unknown }[]): RuleParams {
  const out: RuleParams = {};
  for (const p of params) out[p.name] = Array.isArray(p.default) ? [...p.default] : p.default;
  return out;
}

/** The policy a template defines: every catalog rule at the template's level with default parameters. */
export function policyFromTemplate(template: ReviewTemplate): ReviewPolicy {
  const rules: ReviewPolicy['rules'] = {};
  for (const r of ruleCatalog) rules[r.id] = { level: r.levels[template], params: defaults(r.params) };
  return { template, rules };
}

/**
 * The effective policy: the template, then each layer in order (typically environment, then project).
 * Later layers win per rule and per parameter; a layer that names only a level keeps earlier parameters.
 */
export function resolvePolicy(template: ReviewTemplate, ...layers: PolicyFile[]): ReviewPolicy {
  const policy = policyFromTemplate(template);
  for (const layer of layers) {
    for (const [id, override] of Object.entries(layer.rules)) {
      const current = policy.rules[id];
      if (!current) continue;
      policy.rules[id] = {
        level: override.level ?? current.level,
        params: { ...current.params, ...(override.params ?? {}) },
      };
    }
  }
  return policy;
}

/** Where policies attach: one optional layer per environment and per project. */
export interface PolicyBindings {
  template: ReviewTemplate;
  environments?: Record<string, PolicyFile>;
  projects?: Record<string, PolicyFile>;
}

/** The effective policy for a change to a database of `project` in `environment`. */
export function policyFor(
  bindings: PolicyBindings,
  target: { environment?: string; project?: string },
): ReviewPolicy {
  const layers: PolicyFile[] = [];
  const env = target.environment === undefined ? undefined : bindings.environments?.[target.environment];
  const project = target.project === undefined ? undefined : bindings.projects?.[target.project];
  if (env) layers.push(env);
  if (project) layers.push(project);
  return resolvePolicy(bindings.template, ...layers);
}
