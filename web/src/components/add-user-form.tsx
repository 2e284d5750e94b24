// "Add a user": email, name and workspace role; the server's refusal (e.g. the email exists) shows in place.
import { useState } from 'preact/hooks';
import {
  type ApiClient,
  type ApiError,
  asApiError,
  type User,
  WORKSPACE_ROLES,
  type WorkspaceRole,
} from '../api.ts';
import { roleLabel } from '../format.ts';
import { ErrorMessage } from './error-message.tsx';

export interface AddUserFormProps {
  client: ApiClient;
  onAdded: (user: User) => void;
}

export function AddUserForm({ client, onAdded }: AddUserFormProps) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<WorkspaceRole>('developer');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [added, setAdded] = useState<User | undefined>(undefined);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setAdded(undefined);
    try {
      const user = await client.createUser({ email: email.trim(), name: name.trim(), role });
      onAdded(user);
      setAdded(user);
      setEmail('');
      setName('');
      setRole('developer');
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="add-user-title">
      <h2 id="add-user-title">Add a user</h2>
      <form class="form-grid" onSubmit={submit}>
        <div class="field">
          <label for="new-user-email">Email</label>
          <input
            id="new-user-email"
            type="email"
            autocomplete="off"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="new-user-name">Name</label>
          <input
            id="new-user-name"
            type="text"
            autocomplete="off"
            required
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="new-user-role">Workspace role</label>
          <select
            id="new-user-role"
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as WorkspaceRole)}
          >
            {WORKSPACE_ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <div class="field field-submit">
          <button type="submit" class="button" disabled={busy}>
            {busy ? 'Adding...' : 'Add user'}
          </button>
        </div>
      </form>
      <div role="status">
        {added ? (
          <p class="success">
            Added {added.name} ({added.email}) as {roleLabel(added.role)}. Give them a project role on the
            project's page, and an API token from their tokens page.
          </p>
        ) : null}
      </div>
      {error ? <ErrorMessage title="The user could not be added." error={error} /> : null}
    </section>
  );
}
