// Audit log filters; applying them changes the address, so a reload or a shared link shows the same rows.
import { useEffect, useState } from 'preact/hooks';
import type { Project } from '../api.ts';
import { type AuditFilters, emptyAuditFilters } from '../router.ts';

export interface AuditFilterFormProps {
  filters: AuditFilters;
  projects: readonly Project[];
  onApply: (filters: AuditFilters) => void;
}

export function AuditFilterForm({ filters, projects, onApply }: AuditFilterFormProps) {
  const [draft, setDraft] = useState<AuditFilters>(filters);
  useEffect(() => setDraft(filters), [filters]);
  const update = (key: keyof AuditFilters, value: string) => setDraft((d) => ({ ...d, [key]: value }));

  return (
    <form
      class="form-grid filters"
      aria-label="Audit log filters"
      onSubmit={(event) => {
        event.preventDefault();
        onApply({
          ...draft,
          actor: draft.actor.trim(),
          action: draft.action.trim(),
          resource: draft.resource.trim(),
        });
      }}
    >
      <div class="field">
        <label for="audit-actor">Actor email</label>
        <input
          id="audit-actor"
          type="email"
          autocomplete="off"
          placeholder="dana@example.com"
          value={draft.actor}
          onInput={(e) => update('actor', e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="audit-action">Action</label>
        <input
          id="audit-action"
          type="text"
          autocomplete="off"
          placeholder="user.create or token.*"
          aria-describedby="audit-action-hint"
          value={draft.action}
          onInput={(e) => update('action', e.currentTarget.value)}
        />
        <span id="audit-action-hint" class="hint">
          An action, or a prefix with .* for a group.
        </span>
      </div>
      <div class="field">
        <label for="audit-resource">Resource</label>
        <input
          id="audit-resource"
          type="text"
          autocomplete="off"
          placeholder="principal:dana@example.com"
          aria-describedby="audit-resource-hint"
          value={draft.resource}
          onInput={(e) => update('resource', e.currentTarget.value)}
        />
        <span id="audit-resource-hint" class="hint">
          A type, or type:id.
        </span>
      </div>
      <div class="field">
        <label for="audit-project">Project</label>
        <select
          id="audit-project"
          value={draft.project}
          onChange={(e) => update('project', e.currentTarget.value)}
        >
          <option value="">Any project</option>
          {projects.map((p) => (
            <option key={p.key} value={p.key}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="audit-since">Since</label>
        <input
          id="audit-since"
          type="date"
          value={draft.since}
          max={draft.until || undefined}
          onInput={(e) => update('since', e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="audit-until">Until</label>
        <input
          id="audit-until"
          type="date"
          value={draft.until}
          min={draft.since || undefined}
          onInput={(e) => update('until', e.currentTarget.value)}
        />
      </div>
      <div class="field field-submit actions">
        <button type="submit" class="button">
          Apply filters
        </button>
        <button type="button" class="button button-secondary" onClick={() => onApply(emptyAuditFilters())}>
          Clear
        </button>
      </div>
    </form>
  );
}
