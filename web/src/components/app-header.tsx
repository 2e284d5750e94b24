// Top bar: product name linking home, the pages the viewer may open, who is signed in and sign-out. On phones
// the pages fold into a "Menu" disclosure under the bar, so eight links never crowd a 390 px screen.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Me } from '../api.ts';
import { emptyAuditFilters, hrefFor, type Route } from '../router.ts';

export interface AppHeaderProps {
  me?: Me;
  route?: Route;
  onSignOut?: () => void;
}

interface NavItem {
  label: string;
  route: Route;
  /** Route names that count as "this page" for aria-current. */
  current: (route: Route) => boolean;
}

function navItems(me: Me): NavItem[] {
  const own = me.principal.email;
  const items: NavItem[] = [
    {
      label: 'Overview',
      route: { name: 'home' },
      current: (r) => r.name === 'home' || r.name === 'project' || r.name === 'database',
    },
    {
      label: 'Issues',
      route: { name: 'issues', query: new URLSearchParams() },
      current: (r) => r.name === 'issues' || r.name === 'issue',
    },
    { label: 'New change', route: { name: 'new-change' }, current: (r) => r.name === 'new-change' },
    { label: 'Drift', route: { name: 'drift' }, current: (r) => r.name === 'drift' },
  ];
  if (canListUsers(me)) {
    items.push({
      label: 'Users',
      route: { name: 'users' },
      current: (r) => r.name === 'users' || (r.name === 'user-tokens' && r.email !== own),
    });
  }
  if (me.permissions.readAudit) {
    items.push({
      label: 'Audit log',
      route: { name: 'audit', filters: emptyAuditFilters() },
      current: (r) => r.name === 'audit',
    });
  }
  items.push(
    {
      label: 'My tokens',
      route: { name: 'user-tokens', email: own },
      current: (r) => r.name === 'user-tokens' && r.email === own,
    },
    { label: 'API', route: { name: 'api-reference' }, current: (r) => r.name === 'api-reference' },
  );
  return items;
}

/** Who may open the list of users (the server decides; this only picks the links). */
export function canListUsers(me: Me): boolean {
  return me.permissions.readUsers || me.permissions.manageUsers;
}

export function AppHeader({ me, route, onSignOut }: AppHeaderProps) {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const routeKey = route ? hrefFor(route) : '';
  // Following a link closes the menu, so the page it opened is what the phone shows.
  useEffect(() => setOpen(false), [routeKey]);

  const items = me ? navItems(me) : [];

  // Tabbing out of the open menu closes it, so it never covers the page the focus went to.
  function onFocusOut(event: FocusEvent) {
    const nav = event.currentTarget as HTMLElement;
    const next = event.relatedTarget as Node | null;
    if (open && next && !nav.contains(next)) setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape' && open) {
      setOpen(false);
      toggle.current?.focus();
    }
  }

  return (
    <header class="app-header">
      <a class="brand" href={hrefFor({ name: 'home' })}>
        Bytebase IM
      </a>
      {me && onSignOut ? (
        <>
          <nav
            class={open ? 'app-nav open' : 'app-nav'}
            aria-label="Main"
            onKeyDown={onKeyDown}
            onFocusOut={onFocusOut}
          >
            <button
              ref={toggle}
              type="button"
              class="nav-toggle"
              aria-expanded={open}
              aria-controls="main-nav-list"
              onClick={() => setOpen((v) => !v)}
            >
              <span aria-hidden="true" class="nav-toggle-icon">
                {open ? '\u2715' : '\u2630'}
              </span>
              <span class="nav-toggle-label">Menu</span>
            </button>
            <ul id="main-nav-list">
              {items.map((item) => (
                <li key={item.label}>
                  <a
                    href={hrefFor(item.route)}
                    aria-current={route && item.current(route) ? 'page' : undefined}
                    onClick={() => setOpen(false)}
                  >
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div class="header-user">
            <span class="header-name" title={me.principal.email}>
              {me.principal.name}
            </span>
            <button type="button" class="button button-secondary" onClick={onSignOut}>
              Sign out
            </button>
          </div>
        </>
      ) : null}
    </header>
  );
}
