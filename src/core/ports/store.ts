// Store port: repositories per aggregate and a transaction boundary; no storage type leaks through it.

import type {
  AuditEntry,
  AuditRecord,
  ChatBinding,
  ChatPlatform,
  Database,
  EntitySource,
  Environment,
  Instance,
  Principal,
  Project,
  ProjectMember,
  ProjectRole,
  RepositoryBinding,
  ReviewTemplate,
  WorkspaceRole,
} from '../model/workspace.ts';
import type { ChatMessageRepository } from './chat-store.ts';
import type { DriftCardRepository, DriftStateRepository } from './drift-store.ts';
import type { Engine } from './engine-driver.ts';
import type {
  ApprovalRepository,
  HistoryRepository,
  IssueRepository,
  RolloutRepository,
} from './issue-store.ts';
import type { OutboxRepository } from './outbox.ts';

export interface NewPrincipal {
  email: string;
  name: string;
  workspaceRole: WorkspaceRole;
  source: EntitySource;
}

export interface PrincipalRepository {
  /** A principal by id, or null. */
  get(id: number): Promise<Principal | null>;
  /** A principal by email, compared case-insensitively, or null. */
  findByEmail(email: string): Promise<Principal | null>;
  /** Every principal, robot included, by id. */
  list(): Promise<Principal[]>;
  /** Creates a human principal. */
  create(input: NewPrincipal): Promise<Principal>;
  /** Changes name, role, activity or source. */
  update(
    id: number,
    patch: Partial<Pick<Principal, 'name' | 'workspaceRole' | 'active' | 'source'>>,
  ): Promise<void>;
}

export interface NewApiToken {
  principalId: number;
  name: string;
  tokenHash: string;
  prefix: string;
  source: EntitySource;
  /** Null or left out: valid until revoked. */
  expiresAt?: Date | null;
  /** Who issued it; null for the workspace file, the demo seed and the operator's command line. */
  createdBy?: number | null;
}

export interface ApiTokenInfo {
  id: number;
  principalId: number;
  name: string;
  prefix: string;
  tokenHash: string;
  source: EntitySource;
  revoked: boolean;
  createdAt: Date;
  createdBy: number | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface ApiTokenRepository {
  /** Stores a token by its hash. */
  create(input: NewApiToken): Promise<ApiTokenInfo>;
  /** The token with this hash if it is not revoked, or null; expiry is for the caller to check. */
  findByHash(tokenHash: string): Promise<ApiTokenInfo | null>;
  /** `findByHash` and the token's principal in one read, for authenticating a request; null when not found. */
  findWithPrincipal(tokenHash: string): Promise<{ token: ApiTokenInfo; principal: Principal } | null>;
  /** A token by id, revoked or not, or null. */
  get(id: number): Promise<ApiTokenInfo | null>;
  /** Tokens of a principal, revoked ones included. */
  listByPrincipal(principalId: number): Promise<ApiTokenInfo[]>;
  /** Marks a token revoked; it stops authenticating at once. */
  revoke(id: number): Promise<void>;
  /** Revokes every live token of a principal; returns how many. */
  revokeAllOf(principalId: number): Promise<number>;
  /** Records a use, at most once a minute per token so reads stay cheap. */
  touch(id: number, at: Date): Promise<void>;
}

export interface NewEnvironment {
  key: string;
  name: string;
  position: number;
  reviewTemplate: ReviewTemplate;
  reviewPolicy: unknown | null;
  source: EntitySource;
}

export interface EnvironmentRepository {
  /** Every environment in pipeline order. */
  list(): Promise<Environment[]>;
  /** An environment by key, or null. */
  getByKey(key: string): Promise<Environment | null>;
  /** Creates an environment. */
  create(input: NewEnvironment): Promise<Environment>;
  /** Changes an environment's attributes. */
  update(id: number, patch: Partial<Omit<NewEnvironment, 'key'>>): Promise<void>;
}

export interface NewInstance {
  key: string;
  name: string;
  engine: Engine;
  environmentId: number;
  url: string;
  source: EntitySource;
  /** Scheduled drift checks: every this many ms; 0 is off; null follows the service. */
  driftCheckMs?: number | null;
}

export interface InstanceRepository {
  /** Every instance, by key, with its URL decrypted. */
  list(): Promise<Instance[]>;
  /** An instance by id, or null. */
  get(id: number): Promise<Instance | null>;
  /** An instance by key, or null. */
  getByKey(key: string): Promise<Instance | null>;
  /** Creates an instance; the URL is sealed before it is written. */
  create(input: NewInstance): Promise<Instance>;
  /** Changes an instance; a new URL is sealed again. */
  update(id: number, patch: Partial<Omit<NewInstance, 'key'>>): Promise<void>;
  /** Whether the stored URL equals this one, without decrypting it. */
  urlMatches(id: number, url: string): Promise<boolean>;
}

export interface NewDatabase {
  instanceId: number;
  name: string;
  projectId: number;
  source: EntitySource;
}

export interface DatabaseRepository {
  /** Databases, optionally of one project or instance. */
  list(filter?: { projectId?: number; instanceId?: number }): Promise<Database[]>;
  /** A database by id, or null. */
  get(id: number): Promise<Database | null>;
  /** A database on an instance by name, or null. */
  find(instanceId: number, name: string): Promise<Database | null>;
  /** Registers a database. */
  create(input: NewDatabase): Promise<Database>;
  /** Moves a database to another project. */
  update(id: number, patch: { projectId?: number; source?: EntitySource }): Promise<void>;
}

export interface NewProject {
  key: string;
  name: string;
  reviewPolicy: unknown | null;
  allowSelfApproval: boolean;
  source: EntitySource;
}

export interface ProjectRepository {
  /** Every project, by key. */
  list(): Promise<Project[]>;
  /** A project by id, or null. */
  get(id: number): Promise<Project | null>;
  /** A project by key, or null. */
  getByKey(key: string): Promise<Project | null>;
  /** Creates a project. */
  create(input: NewProject): Promise<Project>;
  /** Changes a project's attributes. */
  update(id: number, patch: Partial<Omit<NewProject, 'key'>>): Promise<void>;
  /** Members of a project. */
  listMembers(projectId: number): Promise<ProjectMember[]>;
  /** Project memberships of a principal. */
  membershipsOf(principalId: number): Promise<ProjectMember[]>;
  /** Adds a member or changes their role. */
  setMember(projectId: number, principalId: number, role: ProjectRole, source: EntitySource): Promise<void>;
  /** Removes a member. */
  removeMember(projectId: number, principalId: number): Promise<void>;
}

export type NewRepositoryBinding = Omit<RepositoryBinding, 'id'>;

export interface BindingRepository {
  /** The repository binding of a project, or null. */
  repositoryOf(projectId: number): Promise<RepositoryBinding | null>;
  /** Every repository binding. */
  listRepositories(): Promise<RepositoryBinding[]>;
  /** Creates or replaces a project's repository binding. */
  putRepository(input: NewRepositoryBinding): Promise<RepositoryBinding>;
  /** Removes a project's repository binding. */
  removeRepository(projectId: number): Promise<void>;
  /** Chat bindings, optionally of one project. */
  listChat(projectId?: number): Promise<ChatBinding[]>;
  /** Binds a project to a chat channel (no-op when bound). */
  addChat(projectId: number, platform: ChatPlatform, channel: string, source: EntitySource): Promise<void>;
  /** Unbinds a chat channel. */
  removeChat(id: number): Promise<void>;
}

export interface AuditFilter {
  resourceType?: string;
  resourceId?: string;
  actorId?: number;
  /** An exact action, or a prefix when it ends with `.*` (`issue.*`). */
  action?: string;
  /** Rows at or after this instant. */
  since?: Date;
  /** Rows before this instant. */
  until?: Date;
  /** Only rows of these projects (an empty list matches nothing). */
  projectIds?: number[];
  /** Only rows older than this id (the cursor of the previous page). */
  beforeId?: number;
  /** At most this many rows (default 100). */
  limit?: number;
}

export interface AuditRepository {
  /** Appends an audit record. */
  append(entry: AuditEntry): Promise<void>;
  /** Newest first, filtered. */
  list(filter?: AuditFilter): Promise<AuditRecord[]>;
}

/** A signed-in web session. */
export interface WebSession {
  id: number;
  principalId: number;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface WebSessionRepository {
  /** Stores a session by the hash of its cookie secret. */
  create(input: {
    principalId: number;
    tokenHash: string;
    csrfToken: string;
    expiresAt: Date;
  }): Promise<WebSession>;
  /** The session with this hash when it is neither revoked nor expired at `now`, or null. */
  findLive(tokenHash: string, now: Date): Promise<WebSession | null>;
  /** Ends one session; it stops authenticating at once. */
  revoke(id: number): Promise<void>;
  /** Ends every session of a principal; returns how many were live. */
  revokeAllOf(principalId: number): Promise<number>;
  /** Records a use, at most once a minute per session. */
  touch(id: number, at: Date): Promise<void>;
}

/** A sign-in under way at the identity provider. */
export interface AuthRequest {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string | null;
  expiresAt: Date;
}

export interface AuthRequestRepository {
  /** Stores a sign-in under way (and forgets ones that expired). */
  create(input: AuthRequest): Promise<void>;
  /** Takes the sign-in with this state once: a second call, or one after it expired, answers null. */
  take(state: string, now: Date): Promise<AuthRequest | null>;
}

export interface DeliveryRepository {
  /** Records an inbound delivery id; true the first time, false for a redelivery. */
  record(source: string, deliveryId: string): Promise<boolean>;
}

/** What an inbox job acts on: a push or a merge request event. */
export type InboundJobKind = 'push' | 'merge_request';

/** Where an inbox job is: waiting, claimed by a worker under a lease, or finished either way. */
export type InboundJobStatus = 'pending' | 'running' | 'done' | 'failed';

/** One accepted webhook event, stored until it has been acted on. */
export interface InboundJob {
  id: number;
  /** Which provider delivered it, e.g. gitlab. */
  source: string;
  kind: InboundJobKind;
  /** The normalised event, as the core handles it. */
  payload: unknown;
  status: InboundJobStatus;
  /** How many times the job was claimed, a run cut short by a crash included. */
  attempts: number;
  /** The worker holding (or last holding) the job, or null. */
  claimedBy: string | null;
  /** Running: until when the claim holds (then another worker may take the job). Pending: not before then (a retry's back-off). */
  leaseUntil: Date | null;
  /** The error of the last failed attempt, or null. */
  lastError: string | null;
  /** What runs of the job already did, by key (e.g. the issue created for a file group). */
  effects: Record<string, unknown>;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface NewInboundJob {
  source: string;
  kind: InboundJobKind;
  payload: unknown;
}

export interface InboundJobRepository {
  /** Stores a pending job; called in the transaction that records the event's delivery ids. */
  enqueue(input: NewInboundJob): Promise<InboundJob>;
  /**
   * Claims up to `limit` jobs, oldest first, that are pending (and due) or running under an expired lease: marks them
   * running for `worker` until `leaseMs` from now and counts the attempt. Concurrent claimers never get the
   * same job (rows being claimed elsewhere are skipped, not waited for).
   */
  claim(worker: string, leaseMs: number, limit: number): Promise<InboundJob[]>;
  /** Claims one job by id under the same conditions as `claim`; null when it is held by a live lease or finished. */
  claimOne(id: number, worker: string, leaseMs: number): Promise<InboundJob | null>;
  /** Extends the lease of a job `worker` still holds; false when the job is no longer its own. */
  renew(id: number, worker: string, leaseMs: number): Promise<boolean>;
  /**
   * Gives a job `worker` holds back to the queue as pending, due again `retryAfterMs` from now, recording the
   * error of the attempt; false when the job is no longer its own.
   */
  release(id: number, worker: string, error: string, retryAfterMs: number): Promise<boolean>;
  /** Marks a job done or failed (with the error) and lets go of its lease. */
  finish(id: number, status: 'done' | 'failed', error?: string | null): Promise<void>;
  /** A job by id, or null. */
  get(id: number): Promise<InboundJob | null>;
  /** Jobs not finished yet (pending or running), oldest first. */
  listPending(): Promise<InboundJob[]>;
  /** How many jobs of a source are pending or running (metrics). */
  countOpen(source: string): Promise<number>;
  /**
   * The effect recorded under `key`, or null; locks the job's row until the transaction ends, so two runs of
   * one job check and record an effect one after the other. Call it inside a transaction.
   */
  effectOf(id: number, key: string): Promise<unknown | null>;
  /** Records an effect under `key`; in the transaction that produced the effect, so both commit or neither. */
  recordEffect(id: number, key: string, value: unknown): Promise<void>;
}

export interface SettingsRepository {
  /** A setting's value, or null. */
  get<T = unknown>(key: string): Promise<T | null>;
  /** Writes a setting. */
  set(key: string, value: unknown): Promise<void>;
}

/** The metadata store. Repositories obtained from a transaction's store act inside that transaction. */
export interface Store {
  readonly principals: PrincipalRepository;
  readonly tokens: ApiTokenRepository;
  readonly environments: EnvironmentRepository;
  readonly instances: InstanceRepository;
  readonly databases: DatabaseRepository;
  readonly projects: ProjectRepository;
  readonly bindings: BindingRepository;
  readonly audit: AuditRepository;
  readonly deliveries: DeliveryRepository;
  readonly inboundJobs: InboundJobRepository;
  readonly settings: SettingsRepository;
  readonly issues: IssueRepository;
  readonly approvals: ApprovalRepository;
  readonly rollout: RolloutRepository;
  readonly history: HistoryRepository;
  readonly chatMessages: ChatMessageRepository;
  readonly outbox: OutboxRepository;
  readonly driftStates: DriftStateRepository;
  readonly driftCards: DriftCardRepository;
  readonly sessions: WebSessionRepository;
  readonly authRequests: AuthRequestRepository;
  /** Runs fn in one transaction; a throw rolls everything back. Nested calls join the outer transaction. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * Runs fn's reads against one consistent view of the store (a read-only, repeatable-read transaction), so
   * a page assembled from several reads never mixes states from before and after another commit. Inside a
   * transaction it joins that transaction.
   */
  snapshot<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /** Which backend serves the store, for health and diagnostics. */
  readonly kind: 'pglite' | 'postgres';
  /** Closes connections. */
  close(): Promise<void>;
}
