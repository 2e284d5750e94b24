// Flattens what a Teams message shows (text, Adaptive Card and hero card bodies, button titles) into one string.

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** Visible strings of one Adaptive Card element, recursively (containers, columns, facts, actions). */
function cardTexts(node: unknown, out: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) cardTexts(item, out);
    return;
  }
  if (!isObject(node)) return;
  for (const key of ['text', 'title', 'label', 'placeholder'] as const) {
    const value = node[key];
    if (typeof value === 'string' && value.trim()) out.push(value);
  }
  // A FactSet shows each fact as "title value" on one row.
  if (Array.isArray(node.facts)) {
    for (const fact of node.facts) {
      if (!isObject(fact)) continue;
      out.push([fact.title, fact.value].filter((part) => typeof part === 'string').join(' '));
    }
  }
  for (const key of ['body', 'items', 'columns', 'inlines', 'actions', 'buttons', 'card'] as const) {
    if (key in node) cardTexts(node[key], out);
  }
}

/** Text of an activity and of its card attachments, in display order, joined by newlines. */
export function activityText(activity: Json): string {
  const out: string[] = [];
  if (typeof activity.text === 'string' && activity.text.trim()) out.push(activity.text);
  const attachments = Array.isArray(activity.attachments) ? activity.attachments : [];
  for (const attachment of attachments) {
    if (isObject(attachment)) cardTexts(attachment.content, out);
  }
  return out.join('\n');
}
