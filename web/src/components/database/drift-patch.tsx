// A drift check's unified diff (recorded baseline → live schema) rendered by diff2html, loaded on first use.
// Without a patch (too large to keep) or without the viewer, the capped lists of added and removed lines stand in.
import { useEffect, useState } from 'preact/hooks';
import { loadDiffViewer } from './diff-viewer.ts';
import { DriftDiff } from './drift-diff.tsx';
import { type DriftReport, diffSize } from './labels.ts';

type Rendered = { status: 'loading' } | { status: 'ready'; html: string } | { status: 'failed' };

export interface DriftPatchProps {
  diff: NonNullable<DriftReport['diff']>;
  /** What the diff is of, for screen readers: "Drift of shop: lines changed since the baseline". */
  label: string;
}

export function DriftPatch({ diff, label }: DriftPatchProps) {
  const [rendered, setRendered] = useState<Rendered>({ status: 'loading' });
  const patch = diff.patch;
  useEffect(() => {
    if (!patch) return;
    let current = true;
    setRendered({ status: 'loading' });
    loadDiffViewer()
      .then(({ render }) => {
        if (current) setRendered({ status: 'ready', html: render(patch) });
      })
      .catch(() => {
        if (current) setRendered({ status: 'failed' });
      });
    return () => {
      current = false;
    };
  }, [patch]);

  if (!patch) return <DriftDiff diff={diff} label={label} />;
  if (rendered.status === 'loading')
    return (
      <p class="muted" aria-live="polite">
        Preparing the diff...
      </p>
    );
  if (rendered.status === 'failed')
    return (
      <>
        <p class="warning">The diff viewer could not be loaded; the changed lines follow.</p>
        <DriftDiff diff={diff} label={label} />
      </>
    );
  const size = diffSize(diff);
  return (
    <figure class="drift-patch">
      <figcaption class="hint">
        <span class="visually-hidden">{label}. </span>
        Recorded schema → live schema
        {size ? (
          <>
            {': '}
            <span class="diff-count-removed">−{size.removed}</span>{' '}
            <span class="diff-count-added">+{size.added}</span> lines
          </>
        ) : null}
        , with 3 unchanged lines around each change.
      </figcaption>
      {/* diff2html's output, built from escaped lines. */}
      <div class="schema-diff" dangerouslySetInnerHTML={{ __html: rendered.html }} />
    </figure>
  );
}
