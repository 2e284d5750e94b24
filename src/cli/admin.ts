// Operator command line on the service's machine: mints an API token straight in the store, for a workspace
// nobody can sign in to yet (`npm run admin -- token <email>`).
import { parseArgs } from 'node:util';
import { embeddedStoreHolder } from '../../db/open-pglite.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { DomainError } from '../core/errors.ts';
import { systemClock } from '../core/ports/clock.ts';
import { mintTokenFromCommandLine } from '../core/services/manage-tokens.ts';
import { tokenMinter } from '../security/tokens.ts';

const usage = `Usage: npm run admin -- token <email> [--name <name>] [--expires <ISO 8601 date-time>]

  token   mints an API token for an active workspace user and prints it once (audited as token.create)

Reads the same environment as the service (DATABASE_URL, DATA_DIR, SECRET_KEY). With the embedded store
(no DATABASE_URL), stop the service first: the embedded store is one process's database.`;

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        expires: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage}\n`);
    return 2;
  }
  const [command, email, ...rest] = parsed.positionals;
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (command !== 'token' || !email || rest.length > 0) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const config = loadConfig();
  if (!config.databaseUrl) {
    const holder = embeddedStoreHolder(config.dataDir);
    if (holder !== null) {
      process.stderr.write(
        `the embedded store in ${config.dataDir} is open in process ${holder} (the service): stop it first, or issue the token from the web view or POST /api/v1/users/{email}/tokens\n`,
      );
      return 1;
    }
  }
  // Loaded late: opening the store pulls in drizzle and PGlite, which a usage error never needs.
  const { openAdminStore } = await import('./admin-store.ts');
  const store = await openAdminStore(config);
  try {
    const { token, info } = await mintTokenFromCommandLine({
      store,
      clock: systemClock,
      minter: tokenMinter,
      input: {
        email,
        body: {
          name: parsed.values.name ?? 'command line',
          ...(parsed.values.expires ? { expiresAt: parsed.values.expires } : {}),
        },
      },
    });
    process.stdout.write(
      `API token for ${email} (shown once, keep it):\n  ${token}\n  name: ${info.name}${info.expiresAt ? `, expires ${info.expiresAt.toISOString()}` : ''}\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof ConfigError || err instanceof DomainError) process.stderr.write(`${err.message}\n`);
    else if (err instanceof Error && err.name === 'ZodError') process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(err instanceof DomainError || (err instanceof Error && err.name === 'ZodError') ? 2 : 1);
  },
);
