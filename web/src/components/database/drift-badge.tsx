// A drift state as a coloured badge with its words (colour is never the only signal).
import { type DriftStatus, driftLabels } from './labels.ts';

export function DriftBadge({ status }: { status: DriftStatus | null }) {
  return (
    <span class={`drift-badge drift-${status ?? 'unchecked'}`}>
      {status ? driftLabels[status] : 'Not checked'}
    </span>
  );
}
