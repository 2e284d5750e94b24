// The shell: holds the session, loads the workspace once per sign-in and picks the page for the route.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type ApiClient, type ApiError, asApiError, type Credentials, createApiClient } from './api.ts';
import { AppHeader } from './components/app-header.tsx';
import { ErrorMessage } from './components/error-message.tsx';
import { ApiReferencePage } from './pages/api-reference-page.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { DatabasePage } from './pages/database-page.tsx';
import { DriftBoardPage } from './pages/drift-board-page.tsx';
import { HomePage } from './pages/home-page.tsx';
import { IssuePage } from './pages/issue-page.tsx';
import { IssuesPage } from './pages/issues-page.tsx';
import { NewChangePage } from './pages/new-change-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { ProjectPage } from './pages/project-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { UserTokensPage } from './pages/user-tokens-page.tsx';
import { UsersPage } from './pages/users-page.tsx';
import { hrefFor, parseHash, type Route, useRoute } from './router.ts';
import { clearCredentials, loadCredentials, saveCredentials } from './session.ts';
import { loadWorkspace, type WorkspaceData } from './workspace.ts';

type Session =
  | { status: 'signed-out'; notice?: string }
  | { status: 'loading'; credentials: Credentials }
  | { status: 'ready'; client: ApiClient; data: WorkspaceData }
  | { status: 'failed'; credentials: Credentials; error: ApiError };

const expiredNotice: Record<Credentials['kind'], string> = {
  token: 'Your saved token is no longer accepted. Sign in again.',
  session: 'Your single sign-on session has ended. Sign in again.',
};

function initialSession(): Session {
  const route = parseHash(window.location.hash);
  // Coming back from a failed single sign-on: whatever the marker promised, there is no session.
  if (route.name === 'sign-in' && (route.error || route.message)) {
    if (loadCredentials()?.kind === 'session') clearCredentials();
    return { status: 'signed-out' };
  }
  const credentials = loadCredentials();
  return credentials ? { status: 'loading', credentials } : { status: 'signed-out' };
}

/** Where single sign-on returns to: the page the visitor asked for, unless that is the sign-in page. */
function returnTarget(route: Route): string {
  return route.name === 'sign-in' || route.name === 'not-found' ? '#/' : hrefFor(route);
}

export function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session>(initialSession);
  const clientRef = useRef<ApiClient | undefined>(undefined);

  const expire = useCallback((credentials: Credentials) => {
    // Revoked token, deactivated user, ended session: nothing saved is of use any more.
    clearCredentials();
    clientRef.current = undefined;
    setSession({ status: 'signed-out', notice: expiredNotice[credentials.kind] });
  }, []);

  const clientFor = useCallback(
    (credentials: Credentials) => {
      const client = createApiClient(credentials, { onUnauthorized: () => expire(credentials) });
      clientRef.current = client;
      return client;
    },
    [expire],
  );

  const load = useCallback(
    async (credentials: Credentials) => {
      setSession({ status: 'loading', credentials });
      const client = clientFor(credentials);
      try {
        setSession({ status: 'ready', client, data: await loadWorkspace(client) });
      } catch (caught) {
        const error = asApiError(caught);
        if (error.kind === 'unauthorized') expire(credentials);
        else setSession({ status: 'failed', credentials, error });
      }
    },
    [clientFor, expire],
  );

  // Saved credentials found at start-up are checked once; tokens typed into the form are checked there.
  useEffect(() => {
    if (session.status === 'loading') void load(session.credentials);
  }, []);

  // After a change that may touch the viewer's own roles, the shell's snapshot is read again quietly.
  const refresh = useCallback(async () => {
    const client = clientRef.current;
    if (!client) return;
    try {
      const data = await loadWorkspace(client);
      if (clientRef.current === client) setSession({ status: 'ready', client, data });
    } catch {
      // The page that asked shows its own errors; a refused session signs out through onUnauthorized.
    }
  }, []);

  const signOut = useCallback(async () => {
    const client = clientRef.current;
    clientRef.current = undefined;
    clearCredentials();
    let notice: string | undefined;
    try {
      await client?.signOut();
    } catch (caught) {
      notice = `Signed out in this browser, but the server could not end the session: ${asApiError(caught).message}`;
    }
    setSession({ status: 'signed-out', notice });
  }, []);

  // Signed in while looking at the sign-in page (after single sign-on, or by hand): go to the overview.
  useEffect(() => {
    if (session.status === 'ready' && route.name === 'sign-in') window.location.replace('#/');
  }, [session.status, route.name]);

  switch (session.status) {
    case 'signed-out':
      return (
        <>
          <AppHeader />
          <SignInPage
            notice={session.notice}
            ssoError={route.name === 'sign-in' ? { error: route.error, message: route.message } : undefined}
            returnTo={returnTarget(route)}
            onSsoStart={() => saveCredentials({ kind: 'session' })}
            onSignedIn={(credentials, data) => {
              saveCredentials(credentials);
              setSession({ status: 'ready', client: clientFor(credentials), data });
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
              <button type="button" class="button" onClick={() => void load(session.credentials)}>
                Try again
              </button>
              <button type="button" class="button button-secondary" onClick={() => void signOut()}>
                Sign out
              </button>
            </div>
          </main>
        </>
      );
    case 'ready':
      return (
        <>
          <AppHeader me={session.data.me} route={route} onSignOut={() => void signOut()} />
          <Page route={route} client={session.client} data={session.data} refresh={refresh} />
        </>
      );
  }
}

interface PageProps {
  route: Route;
  client: ApiClient;
  data: WorkspaceData;
  refresh: () => Promise<void>;
}

function Page({ route, client, data, refresh }: PageProps) {
  switch (route.name) {
    case 'home':
    case 'sign-in':
      return <HomePage data={data} />;
    case 'project':
      return (
        <ProjectPage
          data={data}
          client={client}
          projectKey={route.key}
          section={route.section}
          refresh={refresh}
        />
      );
    case 'users':
      return <UsersPage data={data} client={client} refresh={refresh} />;
    case 'user-tokens':
      return <UserTokensPage data={data} client={client} email={route.email} refresh={refresh} />;
    case 'audit':
      return <AuditPage data={data} client={client} filters={route.filters} />;
    case 'issue':
      return <IssuePage data={data} client={client} issueId={route.id} />;
    case 'issues':
      return <IssuesPage data={data} client={client} query={route.query} />;
    case 'new-change':
      return <NewChangePage data={data} client={client} project={route.project} />;
    case 'database':
      return <DatabasePage data={data} client={client} instance={route.instance} database={route.database} />;
    case 'drift':
      return <DriftBoardPage data={data} client={client} />;
    case 'api-reference':
      return <ApiReferencePage />;
    case 'not-found':
      return <NotFoundPage path={route.path} />;
  }
}
