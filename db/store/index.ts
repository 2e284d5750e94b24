// The Store implementation: repositories bound to a drizzle database or to one of its transactions.
import { sqlStateOf } from '../../src/core/errors.ts';
import type { SecretBox } from '../../src/core/ports/secret-box.ts';
import type { Store } from '../../src/core/ports/store.ts';
import type { Db, DbHandle } from '../client.ts';
import { chatMessageRepository } from './chat.ts';
import { driftCardRepository, driftStateRepository } from './drift.ts';
import { historyRepository } from './history.ts';
import { inboundJobRepository } from './inbound-jobs.ts';
import { approvalRepository, issueRepository } from './issues.ts';
import { outboxRepository } from './outbox.ts';
import { PglitePreparedReads, PostgresPreparedReads, type PreparedReads } from './prepared.ts';
import { apiTokenRepository, principalRepository, TokenLookupCache } from './principals.ts';
import { bindingRepository, projectRepository } from './projects.ts';
import { rolloutRepository } from './rollout.ts';
import { authRequestRepository, webSessionRepository } from './sessions.ts';
import { auditRepository, deliveryRepository, settingsRepository } from './system.ts';
import { databaseRepository, environmentRepository, instanceRepository } from './workspace.ts';

const TRANSACTION_ATTEMPTS = 5;

/** serialization_failure and deadlock_detected: the transaction was rolled back and may simply run again. */
const isRetryable = (err: unknown) => {
  const state = sqlStateOf(err);
  return state === '40001' || state === '40P01';
};

function bind(
  handle: DbHandle,
  db: Db,
  box: SecretBox,
  inTransaction: boolean,
  tokenCache: TokenLookupCache | undefined,
  prepared: PreparedReads | undefined,
): Store {
  const store: Store = {
    kind: handle.kind,
    principals: principalRepository(db, tokenCache),
    tokens: apiTokenRepository(db, tokenCache, !inTransaction),
    environments: environmentRepository(db),
    instances: instanceRepository(db, box),
    databases: databaseRepository(db),
    projects: projectRepository(db),
    bindings: bindingRepository(db),
    audit: auditRepository(db),
    deliveries: deliveryRepository(db),
    inboundJobs: inboundJobRepository(db),
    settings: settingsRepository(db),
    issues: issueRepository(db, inTransaction ? undefined : prepared),
    approvals: approvalRepository(db),
    rollout: rolloutRepository(db),
    history: historyRepository(db),
    chatMessages: chatMessageRepository(db),
    outbox: outboxRepository(db),
    driftStates: driftStateRepository(db),
    driftCards: driftCardRepository(db),
    sessions: webSessionRepository(db),
    authRequests: authRequestRepository(db),
    async transaction(fn) {
      if (inTransaction) return fn(store);
      // A deadlock or serialization failure means the database chose this transaction to undo; nothing of it
      // happened, so it is run again a few times before the failure is reported (as a conflict, not a crash).
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction((tx) =>
            fn(bind(handle, tx as unknown as Db, box, true, tokenCache, prepared)),
          );
        } catch (err) {
          if (attempt >= TRANSACTION_ATTEMPTS || !isRetryable(err)) throw err;
          await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
        }
      }
    },
    async snapshot(fn) {
      if (inTransaction) return fn(store);
      return db.transaction((tx) => fn(bind(handle, tx as unknown as Db, box, true, tokenCache, prepared)), {
        isolationLevel: 'repeatable read',
        accessMode: 'read only',
      });
    },
    close: () => handle.close(),
  };
  return store;
}

/** Builds the Store over an opened (and migrated) database handle. */
export function createDrizzleStore(handle: DbHandle, box: SecretBox): Store {
  // Only the embedded store is this process's alone; see TokenLookupCache.
  const tokenCache = handle.kind === 'pglite' ? new TokenLookupCache() : undefined;
  const prepared = handle.pglite
    ? new PglitePreparedReads(handle.pglite)
    : handle.pool
      ? new PostgresPreparedReads(handle.pool)
      : undefined;
  return bind(handle, handle.db, box, false, tokenCache, prepared);
}
