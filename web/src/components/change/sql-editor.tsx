// The SQL field: a plain labelled textarea at once, replaced by CodeMirror when its chunk has loaded.
// The editor owns its text once mounted: pushing each rendered value back into it would race with typing
// (a render of an older value arriving after a newer keystroke), so `value` only seeds it.

import type { Ref } from 'preact';
import { useEffect, useImperativeHandle, useRef, useState } from 'preact/hooks';
import type { CodeEditor } from './code-editor.ts';

export interface SqlEditorHandle {
  focusAt(line: number, column: number): void;
}

export interface SqlEditorProps {
  id: string;
  label: string;
  hint: string;
  value: string;
  dialect: 'postgres' | 'mysql';
  onChange: (text: string) => void;
  handle: Ref<SqlEditorHandle>;
}

/** Offset of a 1-based line and column in text, for placing the textarea's cursor. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  const end = text.indexOf('\n', offset);
  return Math.min(offset + Math.max(column - 1, 0), end === -1 ? text.length : end);
}

export function SqlEditor({ id, label, hint, value, dialect, onChange, handle }: SqlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const editor = useRef<CodeEditor | null>(null);
  const [ready, setReady] = useState(false);
  const [loadFailed, setLoadFailed] = useState(false);
  // The latest text and callback, read by the editor created once below.
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };

  useEffect(() => {
    let dropped = false;
    import('./code-editor.ts')
      .then(({ mountCodeEditor }) => {
        if (dropped || !host.current) return;
        const hadFocus = document.activeElement === area.current;
        const cursor = area.current?.selectionStart ?? 0;
        editor.current = mountCodeEditor(host.current, {
          doc: latest.current.value,
          labelledBy: `${id}-label`,
          describedBy: `${id}-hint`,
          dialect,
          onChange: (text) => latest.current.onChange(text),
        });
        setReady(true);
        if (hadFocus) {
          const before = latest.current.value.slice(0, cursor).split('\n');
          editor.current.focusAt(before.length, (before.at(-1)?.length ?? 0) + 1);
        }
      })
      .catch(() => {
        // Without the editor chunk (offline, blocked) the textarea keeps working.
        if (!dropped) setLoadFailed(true);
      });
    return () => {
      dropped = true;
      editor.current?.destroy();
      editor.current = null;
    };
  }, [dialect]);

  useImperativeHandle(
    handle,
    () => ({
      focusAt(line, column) {
        if (editor.current) editor.current.focusAt(line, column);
        else if (area.current) {
          const at = offsetOf(area.current.value, line, column);
          area.current.focus();
          area.current.setSelectionRange(at, at);
        }
      },
    }),
    [],
  );

  return (
    <div class="field sql-field">
      <label id={`${id}-label`} for={ready ? undefined : id}>
        {label}
      </label>
      <p id={`${id}-hint`} class="hint sql-hint">
        {hint}
        {loadFailed ? ' The highlighting editor could not be loaded; this plain field works the same.' : ''}
      </p>
      {ready ? null : (
        <textarea
          ref={area}
          id={id}
          class="sql-textarea"
          rows={10}
          spellcheck={false}
          autocapitalize="off"
          autocomplete="off"
          aria-describedby={`${id}-hint`}
          value={value}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      )}
      <div ref={host} class="sql-editor" hidden={!ready} />
    </div>
  );
}
