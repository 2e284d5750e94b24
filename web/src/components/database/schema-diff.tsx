// A migration's schema before → after as a unified diff (jsdiff makes the patch, diff2html renders it), both
// loaded on first use.
import { useEffect, useState } from 'preact/hooks';
import { loadDiffViewer } from './diff-viewer.ts';

type Rendered =
  | { status: 'loading' }
  | { status: 'ready'; html: string; changed: boolean }
  | { status: 'failed'; message: string };

export interface SchemaDiffProps {
  before: string;
  after: string;
  /** The file name diff2html shows above the diff, e.g. the database's name. */
  name: string;
  /** The two sides in the patch's header lines, e.g. `before 002`. */
  beforeLabel: string;
  afterLabel: string;
}

export function SchemaDiff({ before, after, name, beforeLabel, afterLabel }: SchemaDiffProps) {
  const [rendered, setRendered] = useState<Rendered>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setRendered({ status: 'loading' });
    loadDiffViewer()
      .then(({ patch, render }) => {
        if (!current) return;
        const changed = before !== after;
        const html = changed ? render(patch(name, before, after)) : '';
        setRendered({ status: 'ready', html, changed });
      })
      .catch((err: unknown) => {
        if (current)
          setRendered({ status: 'failed', message: `The diff viewer could not be loaded: ${String(err)}` });
      });
    return () => {
      current = false;
    };
  }, [before, after, name, beforeLabel, afterLabel]);

  if (rendered.status === 'loading')
    return (
      <p class="muted" aria-live="polite">
        Preparing the schema diff...
      </p>
    );
  if (rendered.status === 'failed')
    return (
      <p class="error-message" role="alert">
        {rendered.message}
      </p>
    );
  if (!rendered.changed) return <p class="muted">This change left the schema as it was.</p>;
  // diff2html's output, built from escaped lines.
  return (
    <>
      <p class="hint">
        Schema {beforeLabel} → {afterLabel}, with 3 unchanged lines around each change.
      </p>
      <div class="schema-diff" dangerouslySetInnerHTML={{ __html: rendered.html }} />
    </>
  );
}
