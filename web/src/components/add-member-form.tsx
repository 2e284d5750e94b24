// "Add a member": a user's email and a project role; the server says when the email is unknown.
import { useState } from 'preact/hooks';
import {
  type ApiClient,
  type ApiError,
  asApiError,
  type Member,
  PROJECT_ROLES,
  type ProjectRole,
  type User,
} from '../api.ts';
import { roleLabel } from '../format.ts';
import { ErrorMessage } from './error-message.tsx';

export interface AddMemberFormProps {
  client: ApiClient;
  projectKey: string;
  /** Users to suggest (workspace owners and DBAs can list them); others type the email. */
  suggestions: readonly User[];
  onAdded: (member: Member) => Promise<void> | void;
}

export function AddMemberForm({ client, projectKey, suggestions, onAdded }: AddMemberFormProps) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<ProjectRole>('developer');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [added, setAdded] = useState<Member | undefined>(undefined);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setAdded(undefined);
    try {
      const member = await client.setMember(projectKey, email.trim(), role);
      setEmail('');
      setRole('developer');
      setAdded(member);
      await onAdded(member);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="subsection">
      <h3 id="add-member-title">Add a member</h3>
      <form class="form-grid" aria-labelledby="add-member-title" onSubmit={submit}>
        <div class="field">
          <label for="member-email">Email</label>
          <input
            id="member-email"
            type="email"
            autocomplete="off"
            required
            list={suggestions.length > 0 ? 'member-suggestions' : undefined}
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
          {suggestions.length > 0 ? (
            <datalist id="member-suggestions">
              {suggestions.map((u) => (
                <option key={u.email} value={u.email}>
                  {u.name}
                </option>
              ))}
            </datalist>
          ) : null}
        </div>
        <div class="field">
          <label for="member-role">Project role</label>
          <select
            id="member-role"
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as ProjectRole)}
          >
            {PROJECT_ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <div class="field field-submit">
          <button type="submit" class="button" disabled={busy}>
            {busy ? 'Adding...' : 'Add member'}
          </button>
        </div>
      </form>
      <div role="status">
        {added ? (
          <p class="success">
            {added.name || added.email} is now {roleLabel(added.role)} of this project.
          </p>
        ) : null}
      </div>
      {error ? <ErrorMessage title="The member could not be added." error={error} /> : null}
    </div>
  );
}
