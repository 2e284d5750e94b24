// Loads one issue and keeps it live: polls every two seconds with If-None-Match until the issue settles.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type ApiClient, type ApiError, asApiError } from '../../api.ts';
import { type IssueView, isSettled } from './issue-model.ts';

export const POLL_MS = 2000;

export interface LiveIssue {
  view: IssueView | undefined;
  /** Why the first load failed (nothing to show), or why the last poll failed (the shown view may be old). */
  error: ApiError | undefined;
  /** Replaces the view with the answer of an action (the server's view after the change). */
  replace: (view: IssueView) => void;
  reload: () => Promise<void>;
}

export function useIssue(client: ApiClient, issueId: number): LiveIssue {
  const [view, setView] = useState<IssueView | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const etag = useRef<string | null>(null);
  const generation = useRef(0);

  const fetchOnce = useCallback(async () => {
    const mine = generation.current;
    try {
      const result = await client.raw.GET('/issues/{id}', {
        params: { path: { id: issueId } },
        headers: etag.current ? { 'If-None-Match': etag.current } : {},
      });
      if (mine !== generation.current) return;
      // 304: nothing changed since the view on screen.
      if (result.response.status === 304) {
        setError(undefined);
        return;
      }
      const data = client.unwrap(result);
      etag.current = result.response.headers.get('ETag');
      setView(data);
      setError(undefined);
    } catch (caught) {
      if (mine === generation.current) setError(asApiError(caught));
    }
  }, [client, issueId]);

  // A new issue id: start over.
  useEffect(() => {
    generation.current++;
    etag.current = null;
    setView(undefined);
    setError(undefined);
    void fetchOnce();
  }, [fetchOnce]);

  const settled = view ? isSettled(view) : false;
  useEffect(() => {
    if (settled) return;
    let busy = false;
    const timer = window.setInterval(() => {
      if (busy || document.hidden) return;
      busy = true;
      void fetchOnce().finally(() => {
        busy = false;
      });
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [fetchOnce, settled]);

  const replace = useCallback((next: IssueView) => {
    // The action's answer is newer than any poll in flight; the next poll fetches a fresh ETag.
    generation.current++;
    etag.current = null;
    setView(next);
    setError(undefined);
  }, []);

  return { view, error, replace, reload: fetchOnce };
}
