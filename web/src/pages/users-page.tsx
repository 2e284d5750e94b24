// #/users: everyone in the workspace with role, activity and projects; owners add, re-role and deactivate.
import { useState } from 'preact/hooks';
import { type ApiClient, type ApiError, asApiError, type User, WORKSPACE_ROLES } from '../api.ts';
import { AddUserForm } from '../components/add-user-form.tsx';
import { canListUsers } from '../components/app-header.tsx';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { ManagedNote } from '../components/managed-note.tsx';
import { RoleEditor } from '../components/role-editor.tsx';
import { roleLabel } from '../format.ts';
import { hrefFor } from '../router.ts';
import { useLoad } from '../use-load.ts';
import type { WorkspaceData } from '../workspace.ts';

export interface UsersPageProps {
  data: WorkspaceData;
  client: ApiClient;
  refresh: () => Promise<void>;
}

interface RowError {
  title: string;
  error: ApiError;
}

export function UsersPage({ data, client, refresh }: UsersPageProps) {
  const { state, set } = useLoad(() => client.users(), [client]);
  const [rowErrors, setRowErrors] = useState<Record<string, RowError | undefined>>({});
  const canManage = data.me.permissions.manageUsers;
  const self = data.me.principal.email;

  if (!canListUsers(data.me)) {
    return (
      <main class="page">
        <h1>Users</h1>
        <p>Only workspace owners and DBAs can see the list of users.</p>
      </main>
    );
  }

  async function change(user: User, patch: Parameters<ApiClient['updateUser']>[1], what: string) {
    setRowErrors((errors) => ({ ...errors, [user.email]: undefined }));
    try {
      const updated = await client.updateUser(user.email, patch);
      set((users) => users.map((u) => (u.email === user.email ? updated : u)));
      if (user.email === self) await refresh();
    } catch (caught) {
      setRowErrors((errors) => ({
        ...errors,
        [user.email]: { title: `Could not ${what} ${user.name || user.email}.`, error: asApiError(caught) },
      }));
      throw caught;
    }
  }

  return (
    <main class="page">
      <h1>Users</h1>
      {canManage ? (
        <AddUserForm
          client={client}
          onAdded={(user) => set((users) => [...users.filter((u) => u.email !== user.email), user])}
        />
      ) : (
        <p class="muted">Only workspace owners can add users or change them.</p>
      )}
      <section class="panel" aria-labelledby="people-title">
        <h2 id="people-title">People</h2>
        {state.status === 'loading' ? <p class="muted">Loading users...</p> : null}
        {state.status === 'failed' ? (
          <ErrorMessage title="The users could not be loaded." error={state.error} />
        ) : null}
        {state.status === 'ready' ? (
          <div class="table-scroll">
            <table class="stack-on-phone wrap-cells">
              <caption class="visually-hidden">Users of the workspace</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Projects</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {[...state.data]
                  .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email))
                  .map((user, index) => {
                    const editable = canManage && !user.managedBy;
                    const rowError = rowErrors[user.email];
                    return (
                      <tr key={user.email}>
                        <th scope="row" data-label="Name">
                          <div>
                            {user.name || user.email}
                            {user.email === self ? <span class="badge">You</span> : null}
                          </div>
                        </th>
                        <td data-label="Email">{user.email}</td>
                        <td data-label="Role">
                          {editable ? (
                            <RoleEditor
                              id={`user-role-${index}`}
                              label={`Workspace role of ${user.name || user.email}`}
                              value={user.role}
                              roles={WORKSPACE_ROLES}
                              onSave={(role) => change(user, { role }, 'change the role of')}
                            />
                          ) : (
                            <span class="badge">{roleLabel(user.role)}</span>
                          )}
                        </td>
                        <td data-label="Status">
                          <span class={user.active ? 'status status-ok' : 'status status-off'}>
                            {user.active ? 'Active' : 'Deactivated'}
                          </span>
                        </td>
                        <td data-label="Projects">
                          {user.projects.length === 0 ? (
                            <span class="muted">None</span>
                          ) : (
                            <ul class="inline-list">
                              {user.projects.map((p) => (
                                <li key={p.key}>
                                  <a href={hrefFor({ name: 'project', key: p.key })}>{p.name}</a> (
                                  {roleLabel(p.role)})
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                        <td data-label="Actions">
                          <div>
                            <div class="row-actions">
                              {user.managedBy ? <ManagedNote managedBy={user.managedBy} /> : null}
                              {editable ? (
                                <ConfirmButton
                                  label={user.active ? 'Deactivate' : 'Reactivate'}
                                  ariaLabel={`${user.active ? 'Deactivate' : 'Reactivate'} ${user.name || user.email}`}
                                  danger={user.active}
                                  question={
                                    user.active
                                      ? `Deactivate ${user.name || user.email}? Their API tokens and sessions stop working at once.`
                                      : `Reactivate ${user.name || user.email}? They can sign in again; revoked tokens stay revoked.`
                                  }
                                  confirmLabel={user.active ? 'Yes, deactivate' : 'Yes, reactivate'}
                                  onConfirm={() =>
                                    change(
                                      user,
                                      { active: !user.active },
                                      user.active ? 'deactivate' : 'reactivate',
                                    )
                                  }
                                />
                              ) : null}
                              {canManage || user.email === self ? (
                                <a
                                  href={hrefFor({ name: 'user-tokens', email: user.email })}
                                  aria-label={`API tokens of ${user.name || user.email}`}
                                >
                                  API tokens
                                </a>
                              ) : null}
                            </div>
                            {rowError ? <ErrorMessage title={rowError.title} error={rowError.error} /> : null}
                          </div>
                        </td>
                      </tr>
                    );
                  })}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </main>
  );
}
