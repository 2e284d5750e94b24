// A user's API tokens: name, prefix, status and dates; active ones can be revoked after a confirmation.
import type { ApiError, Token } from '../api.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { ErrorMessage } from './error-message.tsx';
import { ManagedNote } from './managed-note.tsx';

export interface TokenTableProps {
  tokens: readonly Token[];
  /** The prefix of the token this browser signs in with, to mark it and warn before revoking it. */
  currentPrefix: string | undefined;
  rowErrors: Record<string, ApiError | undefined>;
  onRevoke: (token: Token) => Promise<void>;
}

const statusLabels: Record<string, string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };

export function TokenTable({ tokens, currentPrefix, rowErrors, onRevoke }: TokenTableProps) {
  if (tokens.length === 0) return <p class="muted">No API tokens yet.</p>;
  // Active first, then newest first: the ones that still matter are on top.
  const rows = [...tokens].sort(
    (a, b) =>
      Number(b.status === 'active') - Number(a.status === 'active') || b.createdAt.localeCompare(a.createdAt),
  );
  return (
    <div class="table-scroll">
      <table class="stack-on-phone wrap-cells">
        <caption class="visually-hidden">API tokens</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Prefix</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((token) => {
            const current = token.status === 'active' && !!currentPrefix && currentPrefix === token.prefix;
            const error = rowErrors[token.id];
            return (
              <tr key={token.id}>
                <th scope="row" data-label="Name">
                  <div>
                    {token.name}
                    {current ? <span class="badge">This browser</span> : null}
                  </div>
                </th>
                <td data-label="Prefix">
                  <code>{token.prefix}…</code>
                </td>
                <td data-label="Status">
                  <span class={token.status === 'active' ? 'status status-ok' : 'status status-off'}>
                    {statusLabels[token.status] ?? token.status}
                  </span>
                </td>
                <td data-label="Created">
                  <div>
                    {formatDateTime(token.createdAt)}
                    {token.createdBy ? <span class="muted small block">by {token.createdBy}</span> : null}
                  </div>
                </td>
                <td data-label="Expires">
                  {token.status === 'revoked'
                    ? `Revoked ${formatDate(token.revokedAt, '')}`
                    : formatDate(token.expiresAt, 'Never')}
                </td>
                <td data-label="Last used">{formatDateTime(token.lastUsedAt, 'Never')}</td>
                <td data-label="Actions">
                  <div>
                    {token.managedBy ? <ManagedNote managedBy={token.managedBy} /> : null}
                    {token.status === 'active' && !token.managedBy ? (
                      <ConfirmButton
                        label="Revoke"
                        ariaLabel={`Revoke token ${token.name}`}
                        danger
                        question={
                          current
                            ? `Revoke ${token.name}? This browser signs in with it and will be signed out.`
                            : `Revoke ${token.name}? Anything using it stops working at once.`
                        }
                        confirmLabel="Yes, revoke"
                        onConfirm={() => onRevoke(token)}
                      />
                    ) : null}
                    {error ? <ErrorMessage title={`Could not revoke ${token.name}.`} error={error} /> : null}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
