// CodeMirror 6 with SQL highlighting, loaded only by the New change page through a dynamic import().
import { MySQL, PostgreSQL, sql } from '@codemirror/lang-sql';
import { basicSetup, EditorView } from 'codemirror';

export interface CodeEditorOptions {
  doc: string;
  /** Ids of the visible label and hint, so the editor is announced like the textarea it replaces. */
  labelledBy: string;
  describedBy: string;
  dialect: 'postgres' | 'mysql';
  onChange: (text: string) => void;
}

export interface CodeEditor {
  /** Focuses the editor with the cursor at a 1-based line and column. */
  focusAt(line: number, column: number): void;
  focus(): void;
  destroy(): void;
}

const theme = EditorView.theme({
  '&': {
    minHeight: '12rem',
    border: '1px solid var(--border)',
    borderRadius: 'var(--radius)',
    background: 'var(--surface)',
    fontSize: '0.95rem',
  },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '1px' },
  '.cm-scroller': {
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    minHeight: '12rem',
  },
  '.cm-content': { padding: '0.5rem 0' },
  // The default tinted active line lowers the contrast of highlighted tokens below WCAG AA.
  '.cm-activeLine': { backgroundColor: 'transparent' },
  '.cm-gutters': { borderTopLeftRadius: 'var(--radius)', borderBottomLeftRadius: 'var(--radius)' },
});

export function mountCodeEditor(parent: HTMLElement, options: CodeEditorOptions): CodeEditor {
  const view = new EditorView({
    parent,
    doc: options.doc,
    extensions: [
      basicSetup,
      sql({ dialect: options.dialect === 'mysql' ? MySQL : PostgreSQL }),
      EditorView.lineWrapping,
      theme,
      EditorView.contentAttributes.of({
        'aria-labelledby': options.labelledBy,
        'aria-describedby': options.describedBy,
      }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) options.onChange(update.state.doc.toString());
      }),
    ],
  });
  return {
    focusAt(line, column) {
      const doc = view.state.doc;
      const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
      const pos = Math.min(at.from + Math.max(column - 1, 0), at.to);
      view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
      view.focus();
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
