// Gates suites that need a real PostgreSQL or MariaDB server: skip with a printed reason, or fail under REQUIRE_REAL_DBS=1.
import { describe } from 'vitest';

export type RealDbKind = 'postgres' | 'mysql';

const urlVars: Record<RealDbKind, string> = { postgres: 'TEST_POSTGRES_URL', mysql: 'TEST_MYSQL_URL' };

/** The server URL for a real-database suite, or undefined when the run has none. */
export function realDbUrl(kind: RealDbKind): string | undefined {
  const value = process.env[urlVars[kind]];
  return value && value.length > 0 ? value : undefined;
}

/**
 * Declares a suite that runs only against a real server. Without its URL the suite is skipped and the
 * reason printed; with REQUIRE_REAL_DBS=1 a missing URL is a failure, so CI cannot pass by skipping.
 */
export function describeRealDb(kind: RealDbKind, name: string, body: (url: string) => void): void {
  const url = realDbUrl(kind);
  if (url) {
    describe(`${name} [${kind}]`, () => body(url));
    return;
  }
  if (process.env.REQUIRE_REAL_DBS === '1') {
    describe(`${name} [${kind}]`, () => {
      throw new Error(
        `${urlVars[kind]} is not set but REQUIRE_REAL_DBS=1: a real ${kind} server is required`,
      );
    });
    return;
  }
  console.warn(`skipping "${name}": set ${urlVars[kind]} to run it against a real ${kind} server`);
  describe.skip(`${name} [${kind}]`, () => body(''));
}
