// Top bar: product name linking home, who is signed in, and the sign-out button.
import type { Principal } from '../api.ts';
import { hrefFor } from '../router.ts';

export interface AppHeaderProps {
  principal?: Principal;
  onSignOut?: () => void;
}

export function AppHeader({ principal, onSignOut }: AppHeaderProps) {
  return (
    <header class="app-header">
      <a class="brand" href={hrefFor({ name: 'home' })}>
        Bytebase IM
      </a>
      {principal && onSignOut ? (
        <div class="header-user">
          <span class="header-name" title={principal.email}>
            {principal.name}
          </span>
          <button type="button" class="button button-secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      ) : null}
    </header>
  );
}
