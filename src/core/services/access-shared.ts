// What the access-administration use cases share: name and email shapes, the workspace-file lock, person lookups.
import { z } from 'zod';
import { conflict, notFound, unauthenticated } from '../errors.ts';
import type { EntitySource, Principal } from '../model/workspace.ts';
import type { Store } from '../ports/store.ts';

// Control characters would let a name forge lines in chat messages and logs.
const printable = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(max, `${field} must be at most ${max} characters`)
    .refine((s) => !/\p{Cc}/u.test(s), `${field} must not contain control characters`);

export const personName = printable('name', 200);
export const tokenName = printable('name', 100);

export const emailAddress = z
  .string({ error: 'email must be a string' })
  .trim()
  .max(254, 'email must be at most 254 characters')
  .pipe(z.email({ error: (i) => `email: ${JSON.stringify(i.input)} is not an email address` }));

export const workspaceRole = z.enum(['owner', 'dba', 'developer'], {
  error: 'role must be one of owner, dba, developer',
});
export const projectRole = z.enum(['owner', 'developer'], { error: 'role must be one of owner, developer' });

/** How people are told which file declares an entry. */
export async function workspaceFileLabel(store: Store): Promise<string> {
  const applied = await store.settings.get<{ file?: string }>('workspace.apply');
  return applied?.file ? `the workspace file ${applied.file}` : 'the workspace file';
}

/** Null, or what manages the entry when it is not the API (shown read-only with this reason). */
export function managedBy(source: EntitySource, fileLabel: string): string | null {
  return source === 'workspace_file' ? fileLabel : null;
}

/** Refuses (409) to change an entry the workspace file declares: the file would put it back at the next start. */
export function assertNotFileManaged(source: EntitySource, what: string, fileLabel: string): void {
  if (source === 'workspace_file')
    throw conflict(
      `${what} is declared in ${fileLabel}; change it there (the file is applied at every start)`,
      {
        managedBy: fileLabel,
      },
    );
}

/** A human principal by email, or 404. */
export async function userByEmail(store: Store, email: string): Promise<Principal> {
  const p = await store.principals.findByEmail(email);
  if (p?.kind !== 'user') throw notFound(`no user with email ${JSON.stringify(email)}`);
  return p;
}

/**
 * Serialises changes to people and their access: the row write takes a lock that concurrent administrators
 * wait on, so rules over several rows (the last active owner) hold under races.
 */
export async function lockAccess(store: Store, at: number): Promise<void> {
  await store.settings.set('access.lock', { at: new Date(at).toISOString() });
}

/**
 * The acting principal as the store holds it now, read after `lockAccess`: a role or activity changed by a
 * concurrent request since this one authenticated counts, so two owners demoting each other cannot both win.
 */
export async function currentActor(store: Store, actor: Principal): Promise<Principal> {
  const now = await store.principals.get(actor.id);
  if (!now?.active) throw unauthenticated('your user was deactivated');
  return now;
}
