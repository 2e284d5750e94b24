// A token just created: shown this once with a copy button, because the server keeps only its hash.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { NewToken } from '../api.ts';

export interface NewTokenPanelProps {
  created: NewToken;
  onDone: () => void;
}

async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (or an insecure origin): select the text so the person can copy it by hand.
    field?.focus();
    field?.select();
    return false;
  }
}

export function NewTokenPanel({ created, onDone }: NewTokenPanelProps) {
  const field = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'manual'>('idle');

  // The panel appears above the list after the form is sent; move focus there so it is seen and heard.
  useEffect(() => heading.current?.focus(), []);

  return (
    <section class="panel new-token" aria-labelledby="new-token-title">
      <h2 id="new-token-title" ref={heading} tabIndex={-1}>
        New token “{created.info.name}”
      </h2>
      <p class="warning">
        <strong>Copy it now: you will not see it again.</strong> The service keeps only a fingerprint of the
        token; if it is lost, revoke it and create another.
      </p>
      <label for="new-token-value">New API token</label>
      <div class="copy-row">
        <input
          id="new-token-value"
          ref={field}
          type="text"
          readOnly
          spellcheck={false}
          value={created.token}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          class="button"
          onClick={() =>
            void copyText(created.token, field.current).then((ok) => setCopy(ok ? 'copied' : 'manual'))
          }
        >
          Copy
        </button>
      </div>
      <p class="muted" role="status">
        {copy === 'copied' ? 'Copied to the clipboard.' : null}
        {copy === 'manual'
          ? 'The browser did not allow copying; the token is selected, copy it by hand.'
          : null}
      </p>
      <button type="button" class="button button-secondary" onClick={onDone}>
        I have saved it
      </button>
    </section>
  );
}
