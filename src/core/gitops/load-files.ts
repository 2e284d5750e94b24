// Reads the content of migration files at a commit, a few at a time so a large push does not flood the VCS.
import type { VcsProvider } from '../ports/vcs.ts';
import type { FileProblem, MigrationFile } from './files.ts';
import type { LoadedFile } from './group.ts';

const READ_CONCURRENCY = 8;

/** Loads each file's text at `ref`; a file that vanished or is empty becomes a problem instead. */
export async function loadFiles(
  vcs: VcsProvider,
  repository: string,
  ref: string,
  files: MigrationFile[],
): Promise<{ loaded: LoadedFile[]; problems: FileProblem[] }> {
  const results: (LoadedFile | FileProblem)[] = new Array(files.length);
  let next = 0;
  async function worker() {
    for (let i = next++; i < files.length; i = next++) {
      const file = files[i]!;
      const text = await vcs.readFile(repository, ref, file.path);
      if (text === null)
        results[i] = { path: file.path, problem: `the file is not in commit ${ref.slice(0, 12)}` };
      else if (file.type !== 'baseline' && text.trim() === '')
        results[i] = { path: file.path, problem: 'the file is empty' };
      else results[i] = { ...file, statement: text };
    }
  }
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  return {
    loaded: results.filter((r): r is LoadedFile => 'statement' in r),
    problems: results.filter((r): r is FileProblem => 'problem' in r),
  };
}
