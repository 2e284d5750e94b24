// Runs one action against the issue and keeps its error next to the control that caused it.
import { useCallback, useState } from 'preact/hooks';
import { type ApiError, asApiError } from '../../api.ts';

export interface Action {
  busy: boolean;
  error: ApiError | undefined;
  /** Runs `work`; resolves true when it succeeded, false when its error is now shown. */
  run: (work: () => Promise<void>) => Promise<boolean>;
  clear: () => void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      return true;
    } catch (caught) {
      setError(asApiError(caught));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(undefined) };
}
