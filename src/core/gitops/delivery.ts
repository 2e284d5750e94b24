// Delivers GitLab effects from the outbox: merge request notes, commit statuses and schema write-backs.

import type { OutboxConsumer } from '../outbox/consumer.ts';
import type { Logger } from '../ports/clock.ts';
import type { OutboxMessage, VcsEffect } from '../ports/outbox.ts';
import type { Store } from '../ports/store.ts';
import type { VcsCommitStatus, VcsProvider } from '../ports/vcs.ts';
import { createSchemaWriteBack } from './write-back.ts';

const WANTED = new Set<string>(['stage.finished', 'vcs.note', 'vcs.status', 'vcs.write-back']);

/** The outbox message that sets a commit status; a commit's statuses go out in order. */
export const commitStatusEffect = (repository: string, sha: string, status: VcsCommitStatus): VcsEffect => ({
  type: 'vcs.status',
  lane: `gitlab:commit:${repository}:${sha}`,
  repository,
  sha,
  status,
});

/**
 * The consumer of GitLab effects. A finished stage becomes a write-back entry in its repository's lane rather
 * than a commit made in the issue's lane, so a GitLab outage never holds back the issue's chat messages.
 */
export function createGitLabDelivery(o: { store: Store; vcs: VcsProvider; logger: Logger }): OutboxConsumer {
  const writeBack = createSchemaWriteBack({ store: o.store, vcs: o.vcs });
  return {
    name: 'gitlab',
    wants: (m: OutboxMessage) => WANTED.has(m.type),
    async deliver({ entry }) {
      const m = entry.event;
      if (m.type === 'stage.finished') {
        const lane = await writeBack.laneOf(m.issueId);
        if (lane)
          await o.store.outbox.add([{ type: 'vcs.write-back', lane, issue: m.issueId, stageId: m.stageId }]);
      } else if (m.type === 'vcs.write-back') {
        for (const r of await writeBack.writeStage(m.issue, m.stageId))
          o.logger.info({ issueId: m.issue, ...r }, 'schema write-back');
      } else if (m.type === 'vcs.note') {
        await o.vcs.commentOnMergeRequest(m.repository, m.iid, m.marker, m.body, {
          createIfMissing: m.createIfMissing,
        });
      } else if (m.type === 'vcs.status') {
        await o.vcs.setCommitStatus(m.repository, m.sha, m.status);
      }
      return undefined;
    },
  };
}
