// A task's SQL, line by line, with each review finding anchored under its line at its column.
import type { IssueView, ReviewAdvice } from './issue-model.ts';

const levelLabel = (level: string) => (level === 'error' ? 'Error' : level === 'warning' ? 'Warning' : level);

export function StatementReview({
  statement,
  advice,
  label,
  rules,
}: {
  statement: string;
  advice: ReviewAdvice[];
  /** What each cited rule checks, by id. */
  rules: IssueView['rules'];
  /** Names the code block for screen readers, e.g. "SQL for shop on prod-db". */
  label: string;
}) {
  const lines = statement.replace(/\n$/, '').split('\n');
  const byLine = new Map<number, ReviewAdvice[]>();
  for (const a of advice) {
    // A finding past the last line (an unterminated statement) still shows, under the last line.
    const line = Math.min(Math.max(a.line, 1), lines.length);
    byLine.set(line, [...(byLine.get(line) ?? []), a]);
  }
  const width = String(lines.length).length;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: long SQL lines scroll sideways; the keyboard must reach them.
    <section class="sql-block" aria-label={label} tabIndex={0}>
      {lines.map((text, index) => {
        const n = index + 1;
        const findings = byLine.get(n) ?? [];
        return (
          <div key={n} class={findings.length ? 'sql-row sql-row-flagged' : 'sql-row'}>
            <div class="sql-line">
              <span class="sql-ln" aria-hidden="true">
                {String(n).padStart(width, ' ')}
              </span>
              <code>{text || ' '}</code>
            </div>
            {findings.map((f, i) => (
              <div key={`${f.rule}-${i}`} class={`sql-finding sql-finding-${f.level}`}>
                <div class="finding-caret" aria-hidden="true">
                  <span class="sql-ln">{' '.repeat(width)}</span>
                  <code>{`${' '.repeat(Math.max(f.column - 1, 0))}^`}</code>
                </div>
                <div class="finding-text">
                  <p>
                    <span class={`finding-level finding-level-${f.level}`}>{levelLabel(f.level)}</span>{' '}
                    <span class="finding-where">
                      line {f.line}, column {f.column}
                    </span>
                    <span class="finding-message">{f.message}</span>
                  </p>
                  <RuleAbout id={f.rule} rule={rules[f.rule]} />
                </div>
              </div>
            ))}
          </div>
        );
      })}
    </section>
  );
}

/** The rule a finding cites, folded: its id and title, opening to what it checks and why. */
function RuleAbout({ id, rule }: { id: string; rule: { title: string; description: string } | undefined }) {
  if (!rule)
    return (
      <p class="rule-about">
        <code class="rule-id">{id}</code>
      </p>
    );
  return (
    <details class="rule-about">
      <summary>
        <code class="rule-id">{id}</code> {rule.title}
      </summary>
      <p>{rule.description}</p>
    </details>
  );
}

/** "2 errors, 1 warning" or "no findings". */
export function findingsSummary(advice: ReviewAdvice[]): string {
  const errors = advice.filter((a) => a.level === 'error').length;
  const warnings = advice.filter((a) => a.level === 'warning').length;
  const parts = [
    errors ? `${errors} error${errors === 1 ? '' : 's'}` : '',
    warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no findings';
}
