// Policy files: validation of a parsed YAML/JSON document into a policy layer, with precise error paths.
import { z } from 'zod';
import { catalogById } from './catalog.ts';
import {
  type PolicyFile,
  type PolicyRuleOverride,
  ReviewConfigError,
  type RuleDefinition,
  type RuleLevel,
  type RuleParams,
} from './types.ts';

const level = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(['error', 'warning', 'off', 'disabled']))
  .transform((s): RuleLevel => (s === 'disabled' ? 'off' : s));

const bytebaseRule = z.object({
  type: z.string(),
  level: level.optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
  engine: z.string().optional(),
});

const fileSchema = z
  .object({
    template: z.enum(['dev', 'prod']).optional(),
    rules: z.union([z.array(bytebaseRule), z.record(z.string(), z.unknown())]).optional(),
  })
  .strict();

const PARAM_SCHEMAS = {
  string: z.string(),
  regex: z.string().superRefine((s, ctx) => {
    try {
      new RegExp(s.replace(/\{\{\w+\}\}/g, 'x'));
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` });
    }
  }),
  number: z.number(),
  boolean: z.boolean(),
  'string-list': z.array(z.string()),
} as const;

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) =>
      typeof p === 'number'
        ? `[${p}]`
        : /^[\w-]+$/.test(String(p))
          ? `${i ? '.' : ''}${String(p)}`
          : `["${String(p)}"]`,
    )
    .join('');
}

function checkParams(
  source: string,
  path: string,
  def: RuleDefinition,
  params: Record<string, unknown>,
): RuleParams {
  const out: RuleParams = {};
  for (const [name, value] of Object.entries(params)) {
    const spec = def.params.find((p) => p.name === name);
    if (!spec) {
      const known = def.params.map((p) => p.name).join(', ') || 'none';
      throw new ReviewConfigError(
        source,
        `${path}.${name}`,
        `unknown parameter of ${def.id} (known: ${known})`,
      );
    }
    const result = PARAM_SCHEMAS[spec.type].safeParse(value);
    if (!result.success) {
      throw new ReviewConfigError(
        source,
        `${path}.${name}`,
        `${result.error.issues[0]?.message ?? 'invalid'} (expected ${spec.type})`,
      );
    }
    out[name] = result.data;
  }
  return out;
}

/**
 * Validates a parsed policy document. Rules may be a map (`rule-id: level` or `rule-id: {level, ...params}`)
 * or a Bytebase-style list (`- type: rule-id, level: ERROR, payload: {...}`). Unknown ids in a map are errors
 * (typos must not silently disable nothing); in a Bytebase list they are collected in `unknownRules`.
 */
export function parsePolicy(input: unknown, source: string): PolicyFile {
  const parsed = fileSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ReviewConfigError(source, formatPath(issue.path), issue.message);
  }
  const file: PolicyFile = { source, rules: {}, unknownRules: [] };
  if (parsed.data.template) file.template = parsed.data.template;
  const rules = parsed.data.rules ?? {};
  if (Array.isArray(rules)) {
    rules.forEach((r, i) => {
      const def = catalogById.get(r.type);
      if (!def) {
        file.unknownRules.push(r.type);
        return;
      }
      const override: PolicyRuleOverride = {
        params: checkParams(source, `rules[${i}].payload`, def, r.payload ?? {}),
      };
      if (r.level) override.level = r.level;
      file.rules[r.type] = override;
    });
    return file;
  }
  for (const [id, value] of Object.entries(rules)) {
    const path = `rules${formatPath([id]).replace(/^(?!\[)/, '.')}`;
    const def = catalogById.get(id);
    if (!def) throw new ReviewConfigError(source, path, `unknown rule "${id}"`);
    const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
    const rawLevel = isObject ? (value as Record<string, unknown>)['level'] : value;
    const lv = rawLevel === undefined && isObject ? undefined : level.safeParse(rawLevel);
    if (lv && !lv.success) {
      throw new ReviewConfigError(
        source,
        isObject ? `${path}.level` : path,
        'expected error, warning or off (or an object with level and parameters)',
      );
    }
    const { level: _ignored, ...params } = isObject ? (value as Record<string, unknown>) : {};
    const override: PolicyRuleOverride = { params: checkParams(source, path, def, params) };
    if (lv?.success) override.level = lv.data;
    file.rules[id] = override;
  }
  return file;
}
