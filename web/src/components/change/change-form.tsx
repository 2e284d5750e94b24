// The New change form: project, type, targets, title, SQL with live review, description, rollout time, submit.
import { useMemo, useRef, useState } from 'preact/hooks';
import { type ApiClient, type ApiError, asApiError, type Environment, type Project } from '../../api.ts';
import { navigate } from '../../router.ts';
import { ErrorMessage } from '../error-message.tsx';
import { ReviewPanel } from './review-panel.tsx';
import { SqlEditor, type SqlEditorHandle } from './sql-editor.tsx';
import { databaseKey, TargetPicker, targetsOf } from './target-picker.tsx';
import { type DraftBody, useDraftReview } from './use-draft-review.ts';

export interface ChangeFormProps {
  client: ApiClient;
  projects: Project[];
  project: Project;
  environments: Environment[];
}

/** A `datetime-local` value (the reader's wall clock) as an ISO instant; undefined when empty or invalid. */
export function localToIso(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function ChangeForm({ client, projects, project, environments }: ChangeFormProps) {
  const [type, setType] = useState<'schema' | 'data'>('schema');
  const [title, setTitle] = useState('');
  const [statement, setStatement] = useState('');
  const [description, setDescription] = useState('');
  const [runAt, setRunAt] = useState('');
  // Every database of the project by default: a change usually goes through every environment.
  const [selected, setSelected] = useState<Set<string>>(() => new Set(project.databases.map(databaseKey)));
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<ApiError | null>(null);
  const editor = useRef<SqlEditorHandle>(null);

  const targets = useMemo(() => targetsOf(project.databases, selected), [project, selected]);
  const dialect = project.databases.some((d) => selected.has(databaseKey(d)) && d.engine === 'mysql')
    ? 'mysql'
    : 'postgres';
  const draft: DraftBody | null = statement.trim() && targets.length ? { type, statement, targets } : null;
  const reason =
    targets.length === 0
      ? 'Choose at least one target to see the review.'
      : 'Type a statement to see the review.';
  const review = useDraftReview(client, project.key, draft, reason);

  async function submit(event: Event) {
    event.preventDefault();
    setSubmitError(null);
    const when = runAt ? localToIso(runAt) : undefined;
    if (runAt && !when) {
      setSubmitError(asApiError(new Error('The rollout time is not a valid date and time.')));
      return;
    }
    setSubmitting(true);
    try {
      const created = client.unwrap(
        await client.raw.POST('/projects/{project}/issues', {
          params: { path: { project: project.key } },
          body: { title, description, type, statement, targets, ...(when ? { runAt: when } : {}) },
        }),
      );
      navigate({ name: 'issue', id: created.issue.id });
    } catch (caught) {
      setSubmitError(asApiError(caught));
      setSubmitting(false);
    }
  }

  return (
    <form class="change-form" onSubmit={(e) => void submit(e)} aria-labelledby="change-title">
      <div class="change-head">
        <div class="field">
          <label for="change-project">Project</label>
          <select
            id="change-project"
            value={project.key}
            onChange={(e) =>
              window.location.replace(`#/new?project=${encodeURIComponent(e.currentTarget.value)}`)
            }
          >
            {projects.map((p) => (
              <option key={p.key} value={p.key}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="change-type">
          <legend>Type</legend>
          <div class="choice-row">
            {(['schema', 'data'] as const).map((t) => (
              <label class="check" key={t}>
                <input
                  type="radio"
                  name="change-type"
                  value={t}
                  checked={type === t}
                  onChange={() => setType(t)}
                />
                <span>{t === 'schema' ? 'Schema (DDL)' : 'Data (DML)'}</span>
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <TargetPicker
        databases={project.databases}
        environments={environments}
        selected={selected}
        onChange={setSelected}
      />
      <div class="field">
        <label for="change-name">Title</label>
        <input
          id="change-name"
          required
          maxLength={200}
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
      </div>
      <SqlEditor
        id="change-sql"
        label="SQL"
        hint="Reviewed as you type against each target environment's policy. Tab leaves the editor."
        value={statement}
        dialect={dialect}
        onChange={setStatement}
        handle={editor}
      />
      <ReviewPanel
        state={review}
        environments={environments}
        onJump={(line, column) => editor.current?.focusAt(line, column)}
      />
      <div class="field">
        <label for="change-description">
          Description <span class="muted">(optional)</span>
        </label>
        <textarea
          id="change-description"
          rows={3}
          maxLength={20000}
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="change-run-at">
          Roll out at <span class="muted">(optional)</span>
        </label>
        <input
          id="change-run-at"
          type="datetime-local"
          aria-describedby="change-run-at-hint"
          value={runAt}
          onInput={(e) => setRunAt(e.currentTarget.value)}
        />
        <p id="change-run-at-hint" class="hint">
          Your time ({zone}). Leave empty to roll out as soon as the change is approved.
          {runAt && localToIso(runAt) ? ` Sent as ${localToIso(runAt)}.` : ''}
        </p>
      </div>
      <div class="field-submit change-submit">
        <button type="submit" class="button" disabled={submitting}>
          {submitting ? 'Creating...' : 'Create issue'}
        </button>
        <a class="button button-secondary" href="#/issues">
          Cancel
        </a>
      </div>
      {submitError ? <ErrorMessage title="The issue was not created." error={submitError} /> : null}
    </form>
  );
}
