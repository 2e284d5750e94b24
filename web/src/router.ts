// Hash router: maps `#/...` to typed routes so the service only has to serve one index.html.
import { useEffect, useState } from 'preact/hooks';

/** Audit filters as they appear in `#/audit?actor=…`; a reload or a shared link keeps them. */
export interface AuditFilters {
  actor: string;
  action: string;
  resource: string;
  project: string;
  since: string;
  until: string;
}

export const AUDIT_FILTER_KEYS: readonly (keyof AuditFilters)[] = [
  'actor',
  'action',
  'resource',
  'project',
  'since',
  'until',
];

export type Route =
  | { name: 'home' }
  | { name: 'project'; key: string; section?: 'members' }
  | { name: 'users' }
  | { name: 'user-tokens'; email: string }
  | { name: 'audit'; filters: AuditFilters }
  | { name: 'sign-in'; error?: string; message?: string }
  | { name: 'issue'; id: number }
  | { name: 'issues'; query: URLSearchParams }
  | { name: 'new-change'; project?: string }
  | { name: 'database'; instance: string; database: string }
  | { name: 'drift' }
  | { name: 'api-reference' }
  | { name: 'not-found'; path: string };

type Build = (match: RegExpMatchArray, query: URLSearchParams) => Route;

const part = (match: RegExpMatchArray, index: number) => safeDecode(match[index] ?? '');

// One entry per page; new pages add a pattern here and a case in the app's page switch.
const patterns: ReadonlyArray<readonly [RegExp, Build]> = [
  [/^\/?$/, () => ({ name: 'home' })],
  [/^\/projects\/([^/]+)\/?$/, (m) => ({ name: 'project', key: part(m, 1) })],
  [/^\/projects\/([^/]+)\/members\/?$/, (m) => ({ name: 'project', key: part(m, 1), section: 'members' })],
  [/^\/users\/?$/, () => ({ name: 'users' })],
  [/^\/users\/([^/]+)\/tokens\/?$/, (m) => ({ name: 'user-tokens', email: part(m, 1) })],
  [/^\/audit\/?$/, (_m, q) => ({ name: 'audit', filters: auditFilters(q) })],
  // Chat cards and GitLab statuses link here: `#/issues/{id}` must keep working.
  [/^\/issues\/([1-9][0-9]{0,9})\/?$/, (m) => ({ name: 'issue', id: Number(m[1]) })],
  [/^\/issues\/?$/, (_m, q) => ({ name: 'issues', query: q })],
  [/^\/new\/?$/, (_m, q) => ({ name: 'new-change', project: q.get('project') ?? undefined })],
  [
    /^\/databases\/([^/]+)\/([^/]+)\/?$/,
    (m) => ({ name: 'database', instance: part(m, 1), database: part(m, 2) }),
  ],
  [/^\/drift\/?$/, () => ({ name: 'drift' })],
  [/^\/api\/?$/, () => ({ name: 'api-reference' })],
  [
    /^\/signin\/?$/,
    (_m, q) => ({
      name: 'sign-in',
      error: q.get('error') ?? undefined,
      message: q.get('message') ?? undefined,
    }),
  ],
];

/** Turns `location.hash` (with or without the leading `#`) into a route. */
export function parseHash(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const mark = text.indexOf('?');
  const path = mark === -1 ? text : text.slice(0, mark);
  const params = new URLSearchParams(mark === -1 ? '' : text.slice(mark + 1));
  for (const [pattern, build] of patterns) {
    const match = path.match(pattern);
    if (match) return build(match, params);
  }
  return { name: 'not-found', path };
}

/** The `href` that leads to a route, for links. */
export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'project':
      return `#/projects/${encodeURIComponent(route.key)}${route.section ? `/${route.section}` : ''}`;
    case 'users':
      return '#/users';
    case 'user-tokens':
      return `#/users/${encodeURIComponent(route.email)}/tokens`;
    case 'audit': {
      const params = new URLSearchParams();
      for (const key of AUDIT_FILTER_KEYS) if (route.filters[key]) params.set(key, route.filters[key]);
      const query = params.toString();
      return query ? `#/audit?${query}` : '#/audit';
    }
    case 'sign-in':
      return '#/signin';
    case 'issue':
      return `#/issues/${route.id}`;
    case 'issues': {
      const query = route.query.toString();
      return query ? `#/issues?${query}` : '#/issues';
    }
    case 'new-change':
      return route.project ? `#/new?project=${encodeURIComponent(route.project)}` : '#/new';
    case 'database':
      return `#/databases/${encodeURIComponent(route.instance)}/${encodeURIComponent(route.database)}`;
    case 'drift':
      return '#/drift';
    case 'api-reference':
      return '#/api';
    case 'not-found':
      return `#${route.path}`;
  }
}

export function emptyAuditFilters(): AuditFilters {
  return { actor: '', action: '', resource: '', project: '', since: '', until: '' };
}

function auditFilters(query: URLSearchParams): AuditFilters {
  const filters = emptyAuditFilters();
  for (const key of AUDIT_FILTER_KEYS) filters[key] = query.get(key) ?? '';
  return filters;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Goes to a route (adds a history entry, like following a link). */
export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}

/** The current route, re-rendering the caller whenever the hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
