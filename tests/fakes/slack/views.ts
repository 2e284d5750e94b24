// Modals: trigger ids (single use, short-lived) and views opened or updated through the Web API.
// https://docs.slack.dev/reference/methods/views.open
import { decodeJsonArg, MAX_VIEW_BLOCKS, validateBlocks } from './blocks.ts';
import type { IdSource, TsSource } from './ids.ts';
import type { Clock, FakeView } from './types.ts';

/** "Triggers expire in three seconds" (interactivity docs); each may open one view. */
export const TRIGGER_TTL_MS = 3000;

interface Trigger {
  userId: string;
  createdAt: number;
  used: boolean;
}

export type ViewResult = { ok: true; view: FakeView } | { ok: false; error: string; messages?: string[] };

export class ViewStore {
  readonly views = new Map<string, FakeView>();
  private readonly triggers = new Map<string, Trigger>();

  constructor(
    private readonly ids: IdSource,
    private readonly ts: TsSource,
    private readonly clock: Clock,
  ) {}

  /** Mints a trigger id for `userId`, as Slack puts one in every command and interaction payload. */
  createTrigger(userId: string): string {
    const id = this.ids.opaque(this.clock);
    this.triggers.set(id, { userId, createdAt: this.clock(), used: false });
    return id;
  }

  /** views.open: consumes the trigger and stores the modal. */
  open(triggerId: unknown, rawView: unknown): ViewResult {
    const parsed = parseView(rawView);
    if (!parsed.ok) return parsed;
    if (typeof triggerId !== 'string' || triggerId === '') return { ok: false, error: 'invalid_trigger_id' };
    const trigger = this.triggers.get(triggerId);
    if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
    if (trigger.used) return { ok: false, error: 'exchanged_trigger_id' };
    if (this.clock() - trigger.createdAt > TRIGGER_TTL_MS) return { ok: false, error: 'expired_trigger_id' };
    trigger.used = true;
    const id = this.ids.next('V');
    const view: FakeView = {
      id,
      userId: trigger.userId,
      rootViewId: id,
      hash: this.ts.next(),
      versions: [],
      ...fieldsOf(parsed.view),
    };
    view.versions.push(parsed.view);
    this.views.set(id, view);
    return { ok: true, view };
  }

  /** views.update by `view_id` or `external_id`, honouring the optional `hash` guard. */
  update(args: Record<string, unknown>): ViewResult {
    const parsed = parseView(args.view);
    if (!parsed.ok) return parsed;
    const byExternal = [...this.views.values()].find(
      (view) => typeof args.external_id === 'string' && view.externalId === args.external_id,
    );
    const view = typeof args.view_id === 'string' ? this.views.get(args.view_id) : byExternal;
    if (!view) return { ok: false, error: 'not_found' };
    if (typeof args.hash === 'string' && args.hash !== '' && args.hash !== view.hash) {
      return { ok: false, error: 'hash_conflict' };
    }
    Object.assign(view, fieldsOf(parsed.view), { hash: this.ts.next() });
    view.versions.push(parsed.view);
    return { ok: true, view };
  }

  /** The wire shape of a view in views.* responses and view_submission payloads. */
  toWire(view: FakeView, ids: { teamId: string; appId: string; botId: string }): Record<string, unknown> {
    return {
      id: view.id,
      team_id: ids.teamId,
      type: view.type,
      blocks: view.blocks,
      private_metadata: view.privateMetadata,
      callback_id: view.callbackId,
      state: { values: {} },
      hash: view.hash,
      title: view.title,
      clear_on_close: false,
      notify_on_close: false,
      close: view.close ?? null,
      submit: view.submit ?? null,
      previous_view_id: null,
      root_view_id: view.rootViewId,
      app_id: ids.appId,
      external_id: view.externalId,
      app_installed_team_id: ids.teamId,
      bot_id: ids.botId,
    };
  }
}

function fieldsOf(view: Record<string, unknown>) {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    type: text(view.type),
    callbackId: text(view.callback_id),
    privateMetadata: text(view.private_metadata),
    externalId: text(view.external_id),
    title: view.title,
    submit: view.submit,
    close: view.close,
    blocks: Array.isArray(view.blocks) ? view.blocks : [],
  };
}

/** A modal must be JSON with `type: "modal"`, a `title` and a valid `blocks` array (at most 100). */
function parseView(
  raw: unknown,
): { ok: true; view: Record<string, unknown> } | { ok: false; error: string; messages?: string[] } {
  const decoded = decodeJsonArg(raw);
  const view = decoded.ok ? decoded.value : undefined;
  if (typeof view !== 'object' || view === null || Array.isArray(view)) {
    return { ok: false, error: 'invalid_arguments', messages: ['[ERROR] missing required field: view'] };
  }
  const record = view as Record<string, unknown>;
  const messages: string[] = [];
  if (record.type !== 'modal') messages.push('[ERROR] must be modal [json-pointer:/view/type]');
  if (record.title === undefined) messages.push('[ERROR] missing required field: title [json-pointer:/view]');
  for (const error of validateBlocks(record.blocks, MAX_VIEW_BLOCKS)) {
    messages.push(`[ERROR] ${error.replace('json-pointer:/blocks', 'json-pointer:/view/blocks')}`);
  }
  if (messages.length > 0) return { ok: false, error: 'invalid_arguments', messages };
  return { ok: true, view: record };
}
