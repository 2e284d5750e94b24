// A project's members with their roles; the project's owners and workspace owners add, re-role and remove.
import { useState } from 'preact/hooks';
import { type ApiClient, type ApiError, asApiError, type Member, PROJECT_ROLES, type User } from '../api.ts';
import { roleLabel } from '../format.ts';
import { useLoad } from '../use-load.ts';
import type { WorkspaceData } from '../workspace.ts';
import { AddMemberForm } from './add-member-form.tsx';
import { canListUsers } from './app-header.tsx';
import { ConfirmButton } from './confirm-button.tsx';
import { ErrorMessage } from './error-message.tsx';
import { ManagedNote } from './managed-note.tsx';
import { RoleEditor } from './role-editor.tsx';

export interface ProjectMembersProps {
  client: ApiClient;
  data: WorkspaceData;
  projectKey: string;
  projectName: string;
  refresh: () => Promise<void>;
}

export function ProjectMembers({ client, data, projectKey, projectName, refresh }: ProjectMembersProps) {
  const members = useLoad(() => client.members(projectKey), [client, projectKey]);
  const listUsers = canListUsers(data.me);
  const users = useLoad<User[]>(
    () => (listUsers ? client.users() : Promise.resolve([])),
    [client, listUsers],
  );
  const [rowErrors, setRowErrors] = useState<Record<string, { title: string; error: ApiError } | undefined>>(
    {},
  );
  const self = data.me.principal.email;
  // Mirrors the server's rule (it decides): workspace owners and the project's owners manage members.
  const canManage =
    data.me.principal.workspaceRole === 'owner' ||
    data.me.projects.some((p) => p.key === projectKey && p.role === 'owner');

  async function act(member: Member, what: string, run: () => Promise<void>) {
    setRowErrors((errors) => ({ ...errors, [member.email]: undefined }));
    try {
      await run();
      if (member.email === self) await refresh();
    } catch (caught) {
      setRowErrors((errors) => ({
        ...errors,
        [member.email]: {
          title: `Could not ${what} ${member.name || member.email}.`,
          error: asApiError(caught),
        },
      }));
      throw caught;
    }
  }

  const state = members.state;
  const memberEmails = new Set(state.data?.map((m) => m.email));
  return (
    <section class="panel" id="members" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      {canManage ? null : (
        <p class="muted">Only the project's owners and workspace owners can change its members.</p>
      )}
      {state.status === 'loading' ? <p class="muted">Loading members...</p> : null}
      {state.status === 'failed' ? (
        <ErrorMessage title="The members could not be loaded." error={state.error} />
      ) : null}
      {state.status === 'ready' && state.data.length === 0 ? <p class="muted">No members yet.</p> : null}
      {state.status === 'ready' && state.data.length > 0 ? (
        <div class="table-scroll">
          <table class="stack-on-phone wrap-cells">
            <caption class="visually-hidden">Members of {projectName}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                {canManage ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {[...state.data]
                .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email))
                .map((member, index) => {
                  const editable = canManage && !member.managedBy;
                  const rowError = rowErrors[member.email];
                  const who = member.name || member.email;
                  return (
                    <tr key={member.email}>
                      <th scope="row" data-label="Name">
                        <div>
                          {who}
                          {member.active ? null : <span class="badge badge-off">Deactivated</span>}
                        </div>
                      </th>
                      <td data-label="Email">{member.email}</td>
                      <td data-label="Role">
                        {editable ? (
                          <RoleEditor
                            id={`member-role-${index}`}
                            label={`Project role of ${who}`}
                            value={member.role}
                            roles={PROJECT_ROLES}
                            onSave={(role) =>
                              act(member, 'change the role of', async () => {
                                const updated = await client.setMember(projectKey, member.email, role);
                                members.set((list) =>
                                  list.map((m) => (m.email === member.email ? updated : m)),
                                );
                              })
                            }
                          />
                        ) : (
                          <span class="badge">{roleLabel(member.role)}</span>
                        )}
                      </td>
                      {canManage ? (
                        <td data-label="Actions">
                          <div>
                            {member.managedBy ? <ManagedNote managedBy={member.managedBy} /> : null}
                            {editable ? (
                              <ConfirmButton
                                label="Remove"
                                ariaLabel={`Remove ${who} from ${projectName}`}
                                danger
                                question={`Remove ${who} from ${projectName}? They lose the project role at once.`}
                                confirmLabel="Yes, remove"
                                onConfirm={() =>
                                  act(member, 'remove', async () => {
                                    await client.removeMember(projectKey, member.email);
                                    members.set((list) => list.filter((m) => m.email !== member.email));
                                  })
                                }
                              />
                            ) : null}
                            {rowError ? <ErrorMessage title={rowError.title} error={rowError.error} /> : null}
                          </div>
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
            </tbody>
          </table>
        </div>
      ) : null}
      {canManage ? (
        <AddMemberForm
          client={client}
          projectKey={projectKey}
          suggestions={(users.state.data ?? []).filter((u) => u.active && !memberEmails.has(u.email))}
          onAdded={async (member) => {
            members.set((list) => [...list.filter((m) => m.email !== member.email), member]);
            if (member.email === self) await refresh();
          }}
        />
      ) : null}
    </section>
  );
}
