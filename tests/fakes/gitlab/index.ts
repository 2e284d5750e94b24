// Public API of the loopback GitLab fake (REST API v4 server and state) and its webhook driver.
export type { DiffEntry } from './diff.ts';
export { unifiedDiff } from './diff.ts';
export type { GitLabDriver, GitLabDriverOptions, HookOptions, HookResult } from './driver.ts';
export { createGitLabDriver, GITLAB_HOOK_TIMEOUT_MS, GITLAB_USER_AGENT } from './driver.ts';
export type { MergeRequestAction } from './hooks.ts';
export { PUSH_HOOK_COMMIT_LIMIT } from './hooks.ts';
export type { OpenMergeRequestInput } from './merge-request-ops.ts';
export { DIFF_MAX_FILES } from './merge-requests.ts';
export type { OidcApplication, OidcSignInOptions } from './oidc.ts';
export { GitLabOidc } from './oidc.ts';
export { GitLabFakeError, ZERO_SHA } from './repo.ts';
export type { GitLabFake, GitLabFakeOptions } from './server.ts';
export { startGitLabFake } from './server.ts';
export { DEFAULT_TOKEN_USER, GitLabStore } from './state.ts';
export type {
  ApiCall,
  Clock,
  CommitAction,
  CommitActionKind,
  CommitInput,
  FakeCommit,
  FakeMergeRequest,
  FakeNote,
  FakeProject,
  FakeStatus,
  FakeStatusState,
  FakeUser,
  GitLabFakeState,
  RateLimitOptions,
} from './types.ts';
