// Live review of the draft: asks the server ~400 ms after the last keystroke and drops answers to older drafts.
import { useEffect, useState } from 'preact/hooks';
import type { ApiSchemas, paths } from '../../api/typed-client.ts';
import { type ApiClient, type ApiError, asApiError } from '../../api.ts';

export type DraftBody = NonNullable<
  paths['/projects/{project}/review']['post']['requestBody']
>['content']['application/json'];

export type DraftReview = ApiSchemas['DraftReview'];

export type ReviewState =
  | { status: 'idle'; reason: string }
  | { status: 'reviewing'; last?: DraftReview }
  | { status: 'ready'; data: DraftReview }
  | { status: 'failed'; error: ApiError };

export const REVIEW_DEBOUNCE_MS = 400;

/** `draft` null means there is nothing to review yet; `reason` then says why. */
export function useDraftReview(
  client: ApiClient,
  project: string,
  draft: DraftBody | null,
  reason: string,
): ReviewState {
  const [state, setState] = useState<ReviewState>({ status: 'idle', reason });
  const key = draft ? JSON.stringify(draft) : null;

  useEffect(() => {
    if (!draft) {
      setState({ status: 'idle', reason });
      return;
    }
    setState((s) => ({
      status: 'reviewing',
      last: s.status === 'ready' ? s.data : s.status === 'reviewing' ? s.last : undefined,
    }));
    const abort = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const result = await client.raw.POST('/projects/{project}/review', {
          params: { path: { project } },
          body: draft,
          signal: abort.signal,
        });
        if (!abort.signal.aborted) setState({ status: 'ready', data: client.unwrap(result) });
      } catch (caught) {
        if (!abort.signal.aborted) setState({ status: 'failed', error: asApiError(caught) });
      }
    }, REVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [client, project, key, reason]);

  return state;
}
