// Top bar: product name linking home, the pages the viewer may open, who is signed in and sign-out.
import type { Me } from '../api.ts';
import { hrefFor, type Route } from '../router.ts';

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
    { label: 'Overview', route: { name: 'home' }, current: (r) => r.name === 'home' || r.name === 'project' },
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
      route: {
        name: 'audit',
        filters: { actor: '', action: '', resource: '', project: '', since: '', until: '' },
      },
      current: (r) => r.name === 'audit',
    });
  }
  items.push({
    label: 'My tokens',
    route: { name: 'user-tokens', email: own },
    current: (r) => r.name === 'user-tokens' && r.email === own,
  });
  return items;
}

/** Who may open the list of users (the server decides; this only picks the links). */
export function canListUsers(me: Me): boolean {
  return me.permissions.readUsers || me.permissions.manageUsers;
}

export function AppHeader({ me, route, onSignOut }: AppHeaderProps) {
  return (
    <header class="app-header">
      <a class="brand" href={hrefFor({ name: 'home' })}>
        Bytebase IM
      </a>
      {me && onSignOut ? (
        <>
          <nav class="app-nav" aria-label="Main">
            <ul>
              {navItems(me).map((item) => (
                <li key={item.label}>
                  <a
                    href={hrefFor(item.route)}
                    aria-current={route && item.current(route) ? 'page' : undefined}
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
