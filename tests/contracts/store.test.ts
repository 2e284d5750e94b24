// Runs the Store contract on embedded PGlite always and on a real PostgreSQL when TEST_POSTGRES_URL is set.
import { describe } from 'vitest';
import { describeRealDb } from '../support/real-dbs.ts';
import { createTestStore } from '../support/store.ts';
import { storeContract } from './store.ts';

describe('Store contract [pglite]', () => storeContract(() => createTestStore()));
describeRealDb('postgres', 'Store contract', (url) => storeContract(() => createTestStore(url)));
