// Keeps the API token in localStorage so a reload stays signed in; storage failures mean "not signed in".
const storageKey = 'bytebase-im.api-token';

export function loadToken(): string | undefined {
  try {
    const value = window.localStorage.getItem(storageKey);
    return value && value.length > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

export function saveToken(token: string): void {
  try {
    window.localStorage.setItem(storageKey, token);
  } catch {
    // Private modes can refuse storage; the session then lasts until the tab is closed.
  }
}

export function clearToken(): void {
  try {
    window.localStorage.removeItem(storageKey);
  } catch {
    // Nothing stored, nothing to clear.
  }
}
