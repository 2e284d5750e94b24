// Sign-in: single sign-on when the service offers it, else (or also) an API token checked before it is kept.
import { useEffect, useState } from 'preact/hooks';
import {
  type ApiError,
  asApiError,
  type Credentials,
  createApiClient,
  fetchAuthConfig,
  oidcLoginUrl,
} from '../api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { loadWorkspace, type WorkspaceData } from '../workspace.ts';

export interface SignInPageProps {
  /** Shown above the form, e.g. when a saved token stopped working. */
  notice?: string;
  /** A failed single sign-on, as the service reports it in `#/signin?error=…&message=…`. */
  ssoError?: { error?: string; message?: string };
  /** Where single sign-on should come back to, a `#/…` route. */
  returnTo: string;
  /** Called just before the browser leaves for the identity provider. */
  onSsoStart: () => void;
  onSignedIn: (credentials: Credentials, data: WorkspaceData) => void;
}

const errorTitles: Record<ApiError['kind'], string> = {
  unauthorized: 'Sign-in failed: the token is not valid.',
  unreachable: 'Sign-in failed: the server is unreachable.',
  server: 'Sign-in failed: the server reported an error.',
};

export function SignInPage({ notice, ssoError, returnTo, onSsoStart, onSignedIn }: SignInPageProps) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [sso, setSso] = useState<{ name: string } | null>(null);

  useEffect(() => {
    let live = true;
    void fetchAuthConfig().then((config) => {
      if (live && config.oidc.enabled) setSso({ name: config.oidc.name });
    });
    return () => {
      live = false;
    };
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    const trimmed = token.trim();
    if (trimmed.length === 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const credentials: Credentials = { kind: 'token', token: trimmed };
      const data = await loadWorkspace(createApiClient(credentials));
      onSignedIn(credentials, data);
    } catch (caught) {
      setError(asApiError(caught));
      setBusy(false);
    }
  }

  const ssoFailure = ssoError?.error || ssoError?.message;

  return (
    <main class="page sign-in">
      <section class="panel">
        <h1>Sign in</h1>
        {notice ? <p class="notice">{notice}</p> : null}
        {ssoFailure ? (
          <div class="error-message" role="alert">
            <strong>Single sign-on did not complete.</strong>
            <p>{ssoError?.message || ssoError?.error}</p>
            {ssoError?.message && ssoError.error ? <p class="muted">Reason: {ssoError.error}</p> : null}
          </div>
        ) : null}
        {sso ? (
          <div class="sso">
            <a class="button button-block" href={oidcLoginUrl(returnTo)} onClick={onSsoStart}>
              Sign in with {sso.name}
            </a>
            <p class="divider">
              <span>or use an API token</span>
            </p>
          </div>
        ) : null}
        <p class="muted">
          Paste your API token. The first start prints sign-in tokens (for the demo's users, or for the
          workspace file's owners); a workspace owner issues everyone else's, and you can issue your own after
          signing in.
        </p>
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
          <button type="submit" class={sso ? 'button button-secondary' : 'button'} disabled={busy}>
            {busy ? 'Signing in...' : 'Sign in'}
          </button>
        </form>
        {error ? <ErrorMessage title={errorTitles[error.kind]} error={error} /> : null}
      </section>
    </main>
  );
}
