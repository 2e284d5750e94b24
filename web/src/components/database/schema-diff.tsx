// A migration's schema before → after as a unified diff (jsdiff makes the patch, diff2html renders it). Both
// libraries and their stylesheet load on first use, so pages that show no diff do not carry them.
import { useEffect, useState } from 'preact/hooks';

type Rendered =
  | { status: 'loading' }
  | { status: 'ready'; html: string; changed: boolean }
  | { status: 'failed'; message: string };

/** Loads the diff libraries once; later diffs reuse the same modules. */
let libraries:
  | Promise<{ patch: typeof import('diff').createTwoFilesPatch; render: typeof import('diff2html').html }>
  | undefined;
function loadLibraries() {
  libraries ??= Promise.all([
    import('diff'),
    import('diff2html'),
    import('diff2html/bundles/css/diff2html.min.css'),
  ]).then(([diff, diff2html]) => ({ patch: diff.createTwoFilesPatch, render: diff2html.html }));
  // A failed load (e.g. a redeploy replaced the chunks) is retried next time instead of being remembered.
  libraries.catch(() => {
    libraries = undefined;
  });
  return libraries;
}

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
    loadLibraries()
      .then(({ patch, render }) => {
        if (!current) return;
        const text = patch(name, name, before, after, undefined, undefined, { context: 3 });
        const changed = before !== after;
        // diff2html escapes the lines it renders, so the schema text cannot inject markup.
        const html = changed
          ? render(text, {
              outputFormat: 'line-by-line',
              drawFileList: false,
              matching: 'lines',
              diffStyle: 'word',
            })
          : '';
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
