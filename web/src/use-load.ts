// Loads data for a page and keeps the last result while reloading, so a list does not blink after a change.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type ApiError, asApiError } from './api.ts';

export type Loaded<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ready'; data: T; error?: undefined }
  | { status: 'failed'; data?: undefined; error: ApiError };

export interface LoadResult<T> {
  state: Loaded<T>;
  /** Fetches again; the current data stays on screen until the new answer arrives. */
  reload: () => Promise<void>;
  /** Replaces the data in place, e.g. with the row a change returned. */
  set: (update: (data: T) => T) => void;
}

/** Runs `load` on mount and whenever one of `deps` changes; answers of superseded runs are dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): LoadResult<T> {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const run = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++run.current;
    try {
      const data = await load();
      if (mine === run.current) setState({ status: 'ready', data });
    } catch (caught) {
      if (mine === run.current) setState({ status: 'failed', error: asApiError(caught) });
    }
  }, deps);
  useEffect(() => {
    setState({ status: 'loading' });
    void reload();
  }, [reload]);
  const set = useCallback((update: (data: T) => T) => {
    setState((current) =>
      current.status === 'ready' ? { status: 'ready', data: update(current.data) } : current,
    );
  }, []);
  return { state, reload, set };
}
