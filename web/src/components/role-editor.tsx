// A role picker with its own Save button, so a slip of the thumb on a phone never changes a role by itself.
import { useEffect, useState } from 'preact/hooks';
import { roleLabel } from '../format.ts';

export interface RoleEditorProps<R extends string> {
  id: string;
  /** Accessible name of the picker, e.g. "Role of Dana DBA". */
  label: string;
  value: R;
  roles: readonly R[];
  /** Resolves when saved; a rejection is the caller's to show. */
  onSave: (role: R) => Promise<void>;
}

export function RoleEditor<R extends string>({ id, label, value, roles, onSave }: RoleEditorProps<R>) {
  const [choice, setChoice] = useState(value);
  const [busy, setBusy] = useState(false);
  useEffect(() => setChoice(value), [value]);

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    try {
      await onSave(choice);
    } catch {
      setChoice(value);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="role-editor" onSubmit={save}>
      <label for={id} class="visually-hidden">
        {label}
      </label>
      <select id={id} value={choice} disabled={busy} onChange={(e) => setChoice(e.currentTarget.value as R)}>
        {roles.map((role) => (
          <option key={role} value={role}>
            {roleLabel(role)}
          </option>
        ))}
      </select>
      {choice !== value ? (
        <button type="submit" class="button button-small" disabled={busy} aria-label={`Save ${label}`}>
          {busy ? 'Saving...' : 'Save'}
        </button>
      ) : null}
    </form>
  );
}
