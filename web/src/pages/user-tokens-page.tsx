// #/users/{email}/tokens: a user's API tokens; the user themself or a workspace owner creates and revokes.
import { useState } from 'preact/hooks';
import { type ApiClient, type ApiError, asApiError, type NewToken, type Token } from '../api.ts';
import { canListUsers } from '../components/app-header.tsx';
import { CreateTokenForm } from '../components/create-token-form.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { NewTokenPanel } from '../components/new-token-panel.tsx';
import { TokenTable } from '../components/token-table.tsx';
import { hrefFor } from '../router.ts';
import { useLoad } from '../use-load.ts';
import type { WorkspaceData } from '../workspace.ts';

export interface UserTokensPageProps {
  data: WorkspaceData;
  client: ApiClient;
  email: string;
  refresh: () => Promise<void>;
}

export function UserTokensPage({ data, client, email, refresh }: UserTokensPageProps) {
  const self = data.me.principal;
  const own = email.toLowerCase() === self.email.toLowerCase();
  const allowed = own || data.me.permissions.manageUsers;
  const tokens = useLoad(
    () => (allowed ? client.tokens(email) : Promise.resolve([])),
    [client, email, allowed],
  );
  // Whose tokens these are, by name: the viewer's own from the session, anyone else's from the API.
  const owner = useLoad(
    () => (own || !allowed ? Promise.resolve(null) : client.user(email)),
    [client, email, own, allowed],
  );
  const [created, setCreated] = useState<NewToken | undefined>(undefined);
  const [rowErrors, setRowErrors] = useState<Record<string, ApiError | undefined>>({});

  const credentials = client.credentials;
  const currentPrefix =
    own && credentials.kind === 'token'
      ? tokens.state.data?.find((t) => credentials.token.startsWith(t.prefix))?.prefix
      : undefined;
  const ownerName = own ? self.name : (owner.state.data?.name ?? email);
  const back = canListUsers(data.me) ? (
    <p>
      <a href={hrefFor({ name: 'users' })}>&larr; All users</a>
    </p>
  ) : null;

  if (!allowed) {
    return (
      <main class="page">
        {back}
        <h1>API tokens</h1>
        <p>Only {email} and workspace owners can see these tokens.</p>
      </main>
    );
  }

  async function revoke(token: Token) {
    setRowErrors((errors) => ({ ...errors, [token.id]: undefined }));
    try {
      const revoked = await client.revokeToken(token.id);
      tokens.set((list) => list.map((t) => (t.id === token.id ? revoked : t)));
      // Revoking the token this browser uses: the next request is refused and the shell signs out.
      if (currentPrefix && token.prefix === currentPrefix) await refresh();
    } catch (caught) {
      setRowErrors((errors) => ({ ...errors, [token.id]: asApiError(caught) }));
      throw caught;
    }
  }

  return (
    <main class="page">
      {back}
      <h1>{own ? 'Your API tokens' : `API tokens of ${ownerName}`}</h1>
      <p class="muted">
        {own
          ? 'Tokens let scripts, CI jobs and this web view act as you. Create one per place you use it, so each can be revoked alone.'
          : `Tokens act as ${ownerName} (${email}). Created tokens are shown once; hand them over safely.`}
      </p>
      {created ? <NewTokenPanel created={created} onDone={() => setCreated(undefined)} /> : null}
      <CreateTokenForm
        client={client}
        email={email}
        onCreated={(result) => {
          setCreated(result);
          tokens.set((list) => [result.info, ...list.filter((t) => t.id !== result.info.id)]);
        }}
      />
      <section class="panel" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Tokens</h2>
        {tokens.state.status === 'loading' ? <p class="muted">Loading tokens...</p> : null}
        {tokens.state.status === 'failed' ? (
          <ErrorMessage title="The tokens could not be loaded." error={tokens.state.error} />
        ) : null}
        {tokens.state.status === 'ready' ? (
          <TokenTable
            tokens={tokens.state.data}
            currentPrefix={currentPrefix}
            rowErrors={rowErrors}
            onRevoke={revoke}
          />
        ) : null}
      </section>
    </main>
  );
}
