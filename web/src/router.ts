// Hash router: maps `#/...` to typed routes so the service only has to serve one index.html.
import { useEffect, useState } from 'preact/hooks';

export type Route = { name: 'home' } | { name: 'project'; key: string } | { name: 'not-found'; path: string };

// One entry per page; new pages add a pattern here and a case in the app's page switch.
const patterns: ReadonlyArray<readonly [RegExp, (match: RegExpMatchArray) => Route]> = [
  [/^\/?$/, () => ({ name: 'home' })],
  [/^\/projects\/([^/]+)\/?$/, (m) => ({ name: 'project', key: decodeURIComponent(m[1] ?? '') })],
];

/** Turns `location.hash` (with or without the leading `#`) into a route. */
export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  for (const [pattern, build] of patterns) {
    const match = path.match(pattern);
    if (match) return build(match);
  }
  return { name: 'not-found', path };
}

/** The `href` that leads to a route, for links. */
export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'project':
      return `#/projects/${encodeURIComponent(route.key)}`;
    case 'not-found':
      return `#${route.path}`;
  }
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
