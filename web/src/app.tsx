// The shell: holds the session, loads the workspace once per sign-in and picks the page for the route.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, createApiClient } from './api.ts';
import { AppHeader } from './components/app-header.tsx';
import { ErrorMessage } from './components/error-message.tsx';
import { HomePage } from './pages/home-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { ProjectPage } from './pages/project-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { type Route, useRoute } from './router.ts';
import { clearToken, loadToken, saveToken } from './session.ts';
import { loadWorkspace, type WorkspaceData } from './workspace.ts';

type Session =
  | { status: 'signed-out'; notice?: string }
  | { status: 'loading'; token: string }
  | { status: 'ready'; token: string; data: WorkspaceData }
  | { status: 'failed'; token: string; error: ApiError };

export function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session>(() => {
    const token = loadToken();
    return token ? { status: 'loading', token } : { status: 'signed-out' };
  });

  const load = useCallback(async (token: string) => {
    setSession({ status: 'loading', token });
    try {
      setSession({ status: 'ready', token, data: await loadWorkspace(createApiClient(token)) });
    } catch (caught) {
      const error = caught instanceof ApiError ? caught : new ApiError('server', String(caught));
      if (error.kind === 'unauthorized') {
        // A saved token that stopped working (revoked, workspace reset) is useless; ask for a new one.
        clearToken();
        setSession({
          status: 'signed-out',
          notice: 'Your saved token is no longer accepted. Sign in again.',
        });
      } else {
        setSession({ status: 'failed', token, error });
      }
    }
  }, []);

  // A token found in storage at start-up is checked once; tokens typed into the form are checked there.
  useEffect(() => {
    const token = loadToken();
    if (token) void load(token);
  }, [load]);

  const signOut = useCallback(() => {
    clearToken();
    setSession({ status: 'signed-out' });
  }, []);

  switch (session.status) {
    case 'signed-out':
      return (
        <>
          <AppHeader />
          <SignInPage
            notice={session.notice}
            onSignedIn={(token, data) => {
              saveToken(token);
              setSession({ status: 'ready', token, data });
            }}
          />
        </>
      );
    case 'loading':
      return (
        <>
          <AppHeader />
          <main class="page">
            <p class="muted" aria-live="polite">
              Loading workspace...
            </p>
          </main>
        </>
      );
    case 'failed':
      return (
        <>
          <AppHeader />
          <main class="page">
            <ErrorMessage title="The workspace could not be loaded." error={session.error} />
            <div class="actions">
              <button type="button" class="button" onClick={() => void load(session.token)}>
                Try again
              </button>
              <button type="button" class="button button-secondary" onClick={signOut}>
                Sign out
              </button>
            </div>
          </main>
        </>
      );
    case 'ready':
      return (
        <>
          <AppHeader principal={session.data.me.principal} onSignOut={signOut} />
          <Page route={route} data={session.data} />
        </>
      );
  }
}

function Page({ route, data }: { route: Route; data: WorkspaceData }) {
  switch (route.name) {
    case 'home':
      return <HomePage data={data} />;
    case 'project':
      return <ProjectPage data={data} projectKey={route.key} />;
    case 'not-found':
      return <NotFoundPage path={route.path} />;
  }
}
