// The lines a drift check found: removed from the recorded schema and added in the live one, as a unified list.
import type { DriftReport } from './labels.ts';

export function DriftDiff({ diff, label }: { diff: NonNullable<DriftReport['diff']>; label: string }) {
  return (
    <figure class="drift-diff">
      <figcaption class="hint">
        <span class="visually-hidden">{label}. </span>
        Recorded schema → live schema:{' '}
        <span class="diff-count-removed">−{diff.removed.length + diff.moreRemoved}</span>{' '}
        <span class="diff-count-added">+{diff.added.length + diff.moreAdded}</span> lines
      </figcaption>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <pre tabIndex={0}>
        {diff.removed.map((line, i) => (
          <span key={`r${i}`} class="line-removed">
            <span class="visually-hidden">removed: </span>
            {`- ${line}\n`}
          </span>
        ))}
        {diff.moreRemoved > 0 ? (
          <span class="line-more">{`… ${diff.moreRemoved} more removed lines\n`}</span>
        ) : null}
        {diff.added.map((line, i) => (
          <span key={`a${i}`} class="line-added">
            <span class="visually-hidden">added: </span>
            {`+ ${line}\n`}
          </span>
        ))}
        {diff.moreAdded > 0 ? (
          <span class="line-more">{`… ${diff.moreAdded} more added lines\n`}</span>
        ) : null}
      </pre>
    </figure>
  );
}
