// An error box that screen readers announce, with the request id so a report can be traced in the logs.
import type { ApiError } from '../api.ts';

export interface ErrorMessageProps {
  title: string;
  error: ApiError;
}

export function ErrorMessage({ title, error }: ErrorMessageProps) {
  return (
    <div class="error-message" role="alert">
      <strong>{title}</strong>
      <p>{error.message}</p>
      {error.requestId ? <p class="muted">Request id: {error.requestId}</p> : null}
    </div>
  );
}
