// Public API of the SQL review engine.
export { ruleCatalog } from './catalog.ts';
export { type PolicyBindings, policyFor, policyFromTemplate, resolvePolicy } from './policy.ts';
export { parsePolicy } from './policy-file.ts';
export { type ReviewInput, type ReviewStats, reviewSql } from './review.ts';
export type {
  Advice,
  AdviceLevel,
  PolicyFile,
  PolicyRuleOverride,
  ReviewEngine,
  ReviewedStatement,
  ReviewPolicy,
  ReviewResult,
  ReviewTemplate,
  RiskLevel,
  RuleDefinition,
  RuleLevel,
  RuleParamDefinition,
  SuppressedAdvice,
} from './types.ts';
export { ReviewConfigError, reviewEngines } from './types.ts';
