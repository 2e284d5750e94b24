// Sign-in form: checks the pasted API token against the service before keeping it.
import { useState } from 'preact/hooks';
import { ApiError, createApiClient } from '../api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { loadWorkspace, type WorkspaceData } from '../workspace.ts';

export interface SignInPageProps {
  /** Shown above the form, e.g. when a saved token stopped working. */
  notice?: string;
  onSignedIn: (token: string, data: WorkspaceData) => void;
}

const errorTitles: Record<ApiError['kind'], string> = {
  unauthorized: 'Sign-in failed: the token is not valid.',
  unreachable: 'Sign-in failed: the server is unreachable.',
  server: 'Sign-in failed: the server reported an error.',
};

export function SignInPage({ notice, onSignedIn }: SignInPageProps) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);

  async function submit(event: Event) {
    event.preventDefault();
    const trimmed = token.trim();
    if (trimmed.length === 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const data = await loadWorkspace(createApiClient(trimmed));
      onSignedIn(trimmed, data);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError('server', String(caught)));
      setBusy(false);
    }
  }

  return (
    <main class="page sign-in">
      <section class="panel">
        <h1>Sign in</h1>
        <p class="muted">
          Paste your API token. The service prints tokens for the demo workspace when it starts for the first
          time; an owner or DBA can issue more.
        </p>
        {notice ? <p class="notice">{notice}</p> : null}
        <form onSubmit={submit}>
          <label for="api-token">API token</label>
          <input
            id="api-token"
            name="token"
            type="password"
            autocomplete="off"
            spellcheck={false}
            placeholder="bbt_..."
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
            required
          />
          <button type="submit" class="button" disabled={busy}>
            {busy ? 'Signing in...' : 'Sign in'}
          </button>
        </form>
        {error ? <ErrorMessage title={errorTitles[error.kind]} error={error} /> : null}
      </section>
    </main>
  );
}
