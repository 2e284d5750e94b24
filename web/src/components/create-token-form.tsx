// "Create a token": a name and an optional last day of validity.
import { useState } from 'preact/hooks';
import { type ApiClient, type ApiError, asApiError, type NewToken } from '../api.ts';
import { dayToIso, todayDay } from '../format.ts';
import { ErrorMessage } from './error-message.tsx';

export interface CreateTokenFormProps {
  client: ApiClient;
  email: string;
  onCreated: (created: NewToken) => void;
}

export function CreateTokenForm({ client, email, onCreated }: CreateTokenFormProps) {
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      // The chosen day is the last one the token works: it expires when that day ends, in the reader's zone.
      const expiresAt = expires ? dayToIso(expires, true) : undefined;
      const created = await client.createToken(email, {
        name: name.trim(),
        ...(expiresAt ? { expiresAt } : {}),
      });
      setName('');
      setExpires('');
      onCreated(created);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="create-token-title">
      <h2 id="create-token-title">Create a token</h2>
      <form class="form-grid" onSubmit={submit}>
        <div class="field">
          <label for="token-name">Token name</label>
          <input
            id="token-name"
            type="text"
            autocomplete="off"
            required
            placeholder="e.g. laptop, CI deploy"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="token-expires">
            Valid until <span class="muted">(optional)</span>
          </label>
          <input
            id="token-expires"
            type="date"
            min={todayDay()}
            aria-describedby="token-expires-hint"
            value={expires}
            onInput={(e) => setExpires(e.currentTarget.value)}
          />
          <span id="token-expires-hint" class="hint">
            Leave empty for a token that works until revoked.
          </span>
        </div>
        <div class="field field-submit">
          <button type="submit" class="button" disabled={busy}>
            {busy ? 'Creating...' : 'Create token'}
          </button>
        </div>
      </form>
      {error ? <ErrorMessage title="The token could not be created." error={error} /> : null}
    </section>
  );
}
