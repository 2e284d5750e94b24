// Replays the Dockerfile on this host (no Docker engine here): its COPY lines into clean directories, its npm
// RUN steps, then the runtime stage's CMD and HEALTHCHECK with production dependencies only.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, matchesGlob, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot } from '../e2e/support/service.ts';

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  name: string;
  steps: Instruction[];
}

/** Instructions per stage, continuation lines joined, comments and parser directives dropped. */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const joined = text.replace(/\\\n/g, ' ');
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [, op, args] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (!op || args === undefined) throw new Error(`unreadable Dockerfile line: ${line}`);
    const instruction = { op: op.toUpperCase(), args: args.trim() };
    if (instruction.op === 'FROM') {
      const name = /\bAS\s+(\S+)$/i.exec(instruction.args)?.[1] ?? String(stages.length);
      stages.push({ name, steps: [] });
    } else if (instruction.op !== 'ARG' || stages.length > 0) {
      stages.at(-1)?.steps.push(instruction);
    }
  }
  return stages;
}

/** Leading `--flag=value` options of an instruction, and the words after them. */
function splitFlags(args: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  let rest = args;
  for (let m = /^--([\w-]+)(?:=(\S+))?\s+/.exec(rest); m; m = /^--([\w-]+)(?:=(\S+))?\s+/.exec(rest)) {
    flags[m[1]!] = m[2] ?? '';
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

const execForm = (args: string): string[] => JSON.parse(args) as string[];

/** `KEY=value KEY2=value2` of an ENV instruction (unquoted values, as this Dockerfile writes them). */
function envOf(args: string): Record<string, string> {
  return Object.fromEntries(
    args
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf('=');
        if (at < 1) throw new Error(`ENV ${args}: only KEY=value pairs are understood`);
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
  );
}

/** Build-context paths .dockerignore leaves out (a pattern that matches a directory leaves out all of it). */
function ignoreRules(): (rel: string) => boolean {
  const file = join(repoRoot, '.dockerignore');
  const patterns = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (patterns.some((p) => p.startsWith('!')))
    throw new Error('.dockerignore exceptions (!) are not replayed');
  return (rel) => {
    const parts = rel.split('/');
    return parts.some((_, i) => {
      const prefix = parts.slice(0, i + 1).join('/');
      return patterns.some((p) => matchesGlob(prefix, p.replace(/^\//, '')));
    });
  };
}

/** One stage replayed in a directory that stands for its WORKDIR. */
class StageRun {
  readonly env: Record<string, string> = {};
  workdir = '/';
  cmd: string[] | null = null;
  healthcheck: string[] | null = null;
  user: string | null = null;
  volumes: string[] = [];
  exposed: string[] = [];
  npmRuns: string[] = [];
  otherRuns: string[] = [];

  constructor(
    readonly stage: Stage,
    readonly dir: string,
  ) {}

  /** Where an absolute image path below WORKDIR lives on this host. */
  hostPath(imagePath: string): string {
    const abs = imagePath.startsWith('/') ? imagePath : join(this.workdir, imagePath);
    const rel = relative(this.workdir, abs);
    if (rel.startsWith('..')) throw new Error(`${imagePath} is outside WORKDIR ${this.workdir}`);
    return join(this.dir, rel);
  }
}

const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
const stages = parseDockerfile(dockerfile);
const isIgnored = ignoreRules();
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
  dependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean }>;
};
let scratch: string;
const runs = new Map<string, StageRun>();

function copyFromContext(source: string, target: string) {
  cpSync(join(repoRoot, source), target, {
    recursive: true,
    filter: (path) => {
      const rel = relative(repoRoot, path);
      return rel === '' || !isIgnored(rel);
    },
  });
}

function copy(run: StageRun, args: string) {
  const { flags, rest } = splitFlags(args);
  const words = rest.split(/\s+/);
  const dest = words.pop()!;
  const earlier = flags.from === undefined ? null : runs.get(flags.from);
  if (earlier === undefined) throw new Error(`COPY --from=${flags.from}: no such earlier stage`);
  for (const source of words) {
    const from = earlier ? earlier.hostPath(source) : join(repoRoot, source);
    if (!existsSync(from)) throw new Error(`COPY ${args}: ${source} does not exist`);
    // A directory's contents go into the destination; a file goes into it when it names a directory.
    const into = dest.endsWith('/') || words.length > 1;
    const target =
      into && !statSync(from).isDirectory()
        ? join(run.hostPath(dest), source.split('/').at(-1)!)
        : run.hostPath(dest);
    mkdirSync(dirname(target), { recursive: true });
    if (earlier) cpSync(from, target, { recursive: true });
    else copyFromContext(source, target);
  }
}

/** Runs the npm commands of a RUN step in the stage directory, from the shared npm cache. */
function runStep(run: StageRun, args: string) {
  const { rest } = splitFlags(args);
  for (const command of rest.split('&&').map((c) => c.trim())) {
    if (!command.startsWith('npm ')) {
      run.otherRuns.push(command);
      continue;
    }
    run.npmRuns.push(command);
    const argv = command.split(/\s+/).slice(1);
    if (argv[0] === 'ci') argv.push('--prefer-offline');
    // Only the stage's own ENV lines set NODE_ENV (the test runner sets one of its own).
    const { NODE_ENV: _runner, ...hostEnv } = process.env;
    const result = spawnSync('npm', argv, {
      cwd: run.dir,
      env: { ...hostEnv, ...run.env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (result.status !== 0)
      throw new Error(`${run.stage.name}: RUN ${command} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

function replay(stage: Stage): StageRun {
  const run = new StageRun(stage, join(scratch, stage.name));
  mkdirSync(run.dir, { recursive: true });
  runs.set(stage.name, run);
  for (const { op, args } of stage.steps) {
    if (op === 'WORKDIR') run.workdir = args;
    else if (op === 'ENV') Object.assign(run.env, envOf(args));
    else if (op === 'COPY') copy(run, args);
    else if (op === 'RUN') runStep(run, args);
    else if (op === 'CMD') run.cmd = execForm(args);
    else if (op === 'USER') run.user = args;
    else if (op === 'VOLUME')
      run.volumes.push(...(args.startsWith('[') ? execForm(args) : args.split(/\s+/)));
    else if (op === 'EXPOSE') run.exposed.push(...args.split(/\s+/));
    else if (op === 'HEALTHCHECK') run.healthcheck = execForm(splitFlags(args).rest.replace(/^CMD\s+/, ''));
    else throw new Error(`${stage.name}: ${op} is not replayed by this test`);
  }
  return run;
}

describe('the container image, replayed from the Dockerfile', () => {
  let build: StageRun;
  let runtime: StageRun;
  let child: ChildProcess | undefined;
  let output = '';
  let port = 0;
  let exited: Promise<number | null> | undefined;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'container-build-'));
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    build = replay(stages[0]!);
    runtime = replay(stages[1]!);
  }, 900_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }, 300_000);

  it('builds in a clean directory from what it copies: npm ci, then the web view and the server bundle', () => {
    expect(build.npmRuns).toEqual([expect.stringMatching(/^npm ci\b/), 'npm run build']);
    expect(existsSync(join(build.dir, 'web', 'dist', 'index.html'))).toBe(true);
    expect(existsSync(join(build.dir, 'dist', 'server', 'main.mjs'))).toBe(true);
    expect(existsSync(join(build.dir, 'dist', 'cli', 'review.mjs'))).toBe(true);
    // .dockerignore keeps local builds and installs out: the build made these itself.
    expect(existsSync(join(build.dir, 'web', 'node_modules'))).toBe(false);
  });

  it('has production dependencies only in the runtime stage, a non-root user, a data volume and the port', () => {
    expect(runtime.npmRuns).toEqual([expect.stringMatching(/^npm ci .*--omit=dev/)]);
    // Every package the lock file marks dev-only (the dev dependencies and what only they need) is absent.
    const devOnly = Object.entries(lock.packages)
      .filter(([path, entry]) => path.startsWith('node_modules/') && entry.dev === true)
      .map(([path]) => path);
    expect(devOnly.length).toBeGreaterThan(0);
    const present = devOnly.filter((path) => existsSync(join(runtime.dir, path)));
    expect(present).toEqual([]);
    for (const dep of Object.keys(pkg.dependencies))
      expect(existsSync(join(runtime.dir, 'node_modules', dep)), dep).toBe(true);
    expect(runtime.user).toMatch(/^(?!root$|0$)\S+$/);
    expect(runtime.volumes).toEqual([runtime.env.DATA_DIR]);
    expect(runtime.exposed).toEqual([runtime.env.PORT]);
    expect(runtime.healthcheck?.join(' ')).toContain('/readyz');
    // The data directory is made writable for that user before switching to it.
    expect(runtime.otherRuns.join(' && ')).toContain(
      `chown ${runtime.user}:${runtime.user} ${runtime.env.DATA_DIR}`,
    );
  });

  it('starts with its CMD on production dependencies only and answers /healthz, the web view and a review', async () => {
    port = await freePort();
    const dataDir = join(scratch, 'data');
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: scratch,
      ...runtime.env,
      // The VOLUME and the published port, as a container run would provide them.
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    const [command, ...args] = runtime.cmd!;
    expect(command).toBe('node');
    child = spawn(process.execPath, args, { cwd: runtime.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => {
      output += d;
    });
    child.stderr!.on('data', (d) => {
      output += d;
    });
    exited = new Promise((resolve) => child!.once('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    let status = 0;
    while (Date.now() < deadline && child.exitCode === null) {
      status = await fetch(`${base}/healthz`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200 && /developer\s+\S+\s+bbt_/.test(output)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status, output).toBe(200);

    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app"');

    // A draft review loads the SQL parser chunk and libpg-query from the runtime's node_modules.
    const token = /developer\s+\S+\s+(bbt_\S+)/.exec(output)![1];
    const review = await fetch(`${base}/api/v1/projects/demo/review`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'schema',
        statement: 'DROP TABLE users;',
        targets: [{ database: 'shop' }],
      }),
    });
    expect(review.status, output).toBe(200);
    expect(await review.text()).toContain('table.disallow-drop');

    const [hcCommand, ...hcArgs] = runtime.healthcheck!;
    expect(hcCommand).toBe('node');
    const probe = spawnSync(process.execPath, hcArgs, { cwd: runtime.dir, env, encoding: 'utf8' });
    expect(probe.status, probe.stderr).toBe(0);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);

  it('runs the bundled review CLI on production dependencies only', () => {
    const sql = join(scratch, 'drop.sql');
    writeFileSync(sql, 'DROP TABLE users;\n');
    const result = spawnSync(process.execPath, ['dist/cli/review.mjs', '--engine', 'postgres', sql], {
      cwd: runtime.dir,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('table.disallow-drop');
  });
});
