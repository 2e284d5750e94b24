// Remembers how this browser signed in, so a reload stays signed in; storage failures mean "not signed in".
//
// A token is kept in localStorage. A single sign-on session lives in an HttpOnly cookie the page cannot
// read, so only a marker is kept: it says "ask the server whether the cookie still holds", which spares
// signed-out visitors a refused request (and the browser's console error for it) on every visit.
import type { Credentials } from './api.ts';

const tokenKey = 'bytebase-im.api-token';
const sessionKey = 'bytebase-im.sso-session';

function read(key: string): string | undefined {
  try {
    const value = window.localStorage.getItem(key);
    return value && value.length > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

function write(key: string, value: string | undefined): void {
  try {
    if (value === undefined) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Private modes can refuse storage; the sign-in then lasts until the tab is closed.
  }
}

/** The credentials this browser signed in with last, if any. */
export function loadCredentials(): Credentials | undefined {
  const token = read(tokenKey);
  if (token) return { kind: 'token', token };
  return read(sessionKey) ? { kind: 'session' } : undefined;
}

export function saveCredentials(credentials: Credentials): void {
  if (credentials.kind === 'token') {
    write(sessionKey, undefined);
    write(tokenKey, credentials.token);
  } else {
    write(tokenKey, undefined);
    write(sessionKey, '1');
  }
}

export function clearCredentials(): void {
  write(tokenKey, undefined);
  write(sessionKey, undefined);
}
