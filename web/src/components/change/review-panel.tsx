// The live review beside the editor: per environment, findings with line:column, level, rule and message.

import type { ApiSchemas } from '../../api/typed-client.ts';
import type { Environment } from '../../api.ts';
import { environmentName } from '../../format.ts';
import type { DraftReview, ReviewState } from './use-draft-review.ts';

type Advice = ApiSchemas['ReviewAdvice'];

interface Finding extends Advice {
  databases: string[];
}

const LEVEL_ORDER: Record<string, number> = { error: 0, warning: 1 };

/** The same finding on several databases reads once, naming the databases; errors first, then by position. */
export function groupFindings(advice: Advice[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const a of advice) {
    const key = [a.level, a.rule, a.line, a.column, a.version ?? '', a.message].join('\u0000');
    const found = byKey.get(key);
    if (found) found.databases.push(a.database);
    else byKey.set(key, { ...a, databases: [a.database] });
  }
  return [...byKey.values()].sort(
    (a, b) =>
      (LEVEL_ORDER[a.level] ?? 2) - (LEVEL_ORDER[b.level] ?? 2) ||
      a.line - b.line ||
      a.column - b.column ||
      a.rule.localeCompare(b.rule),
  );
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const roleText: Record<string, string> = { dba: 'a DBA', project_owner: 'a project owner' };

function summaryOf(state: ReviewState): string {
  switch (state.status) {
    case 'idle':
      return state.reason;
    case 'reviewing':
      return 'Reviewing...';
    case 'failed':
      return `The review could not run: ${state.error.message}`;
    case 'ready': {
      const { review } = state.data;
      if (review.environments.length === 0) return 'Nothing to review.';
      return `${plural(review.errorCount, 'error')}, ${plural(review.warningCount, 'warning')} in ${plural(review.environments.length, 'environment')}.`;
    }
  }
}

export interface ReviewPanelProps {
  state: ReviewState;
  environments: Environment[];
  /** Moves the editor's cursor to a finding. */
  onJump: (line: number, column: number) => void;
}

export function ReviewPanel({ state, environments, onJump }: ReviewPanelProps) {
  const shown: DraftReview | undefined =
    state.status === 'ready' ? state.data : state.status === 'reviewing' ? state.last : undefined;
  return (
    <section
      class="panel review-panel"
      aria-labelledby="review-title"
      aria-busy={state.status === 'reviewing'}
    >
      <h2 id="review-title">Review</h2>
      {/* A status, not an alert: it changes while the author types, and the refusal is part of it. */}
      <p class={state.status === 'failed' ? 'review-summary review-failed' : 'review-summary'} role="status">
        {summaryOf(state)}
      </p>
      {shown ? (
        <div class={state.status === 'reviewing' ? 'review-body stale' : 'review-body'}>
          <p class="review-facts">
            <span>
              Risk: <strong class={`risk risk-${shown.risk}`}>{shown.risk}</strong>
            </span>
            <span>
              {'steps' in shown.approval
                ? `Approval: ${shown.approval.steps.map((s) => roleText[s] ?? s).join(', then ')}`
                : null}
            </span>
          </p>
          {'problem' in shown.approval ? <p class="warning">{shown.approval.problem}</p> : null}
          {shown.review.environments.map((env) => {
            const findings = groupFindings(env.advice);
            return (
              <section
                class="review-env"
                key={env.environment}
                aria-label={`Review for ${environmentName(environments, env.environment)}`}
              >
                <h3>
                  {environmentName(environments, env.environment)}{' '}
                  <span class="muted small">
                    {env.template} policy · {plural(env.errorCount, 'error')},{' '}
                    {plural(env.warningCount, 'warning')}
                  </span>
                </h3>
                {findings.length === 0 ? (
                  <p class="muted">No findings.</p>
                ) : (
                  <ul class="findings">
                    {findings.map((f) => (
                      <li
                        key={`${f.level}-${f.rule}-${f.line}-${f.column}-${f.version}-${f.message}`}
                        class={`finding finding-${f.level}`}
                      >
                        <span class={`level level-${f.level}`}>{f.level}</span>
                        <button type="button" class="position" onClick={() => onJump(f.line, f.column)}>
                          <span class="visually-hidden">Go to </span>
                          {f.version ? `${f.version} ` : ''}
                          {f.line}:{f.column}
                        </button>
                        <code class="rule">{f.rule}</code>
                        <span class="message">{f.message}</span>
                        <span class="muted small databases">on {f.databases.join(', ')}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      ) : null}
    </section>
  );
}
