// GitLab webhook verification: the secret token in X-Gitlab-Token, compared in constant time.
// https://docs.gitlab.com/user/project/integrations/webhooks/#validate-requests-with-a-secret-token
import { createHash, timingSafeEqual } from 'node:crypto';

export type VerifyResult = { ok: true } | { ok: false; reason: string };

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Checks the `X-Gitlab-Token` header against the configured secret; never throws. Both sides are hashed first so
 * the comparison runs on equal-length digests and its time says nothing about the secret's length or content.
 */
export function verifyGitLabToken(secret: string, header: string | null): VerifyResult {
  if (header === null || header === '') return { ok: false, reason: 'missing X-Gitlab-Token' };
  if (!timingSafeEqual(digest(header), digest(secret))) return { ok: false, reason: 'token mismatch' };
  return { ok: true };
}
