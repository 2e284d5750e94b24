// Reads what a user would see on a message: card texts flattened, buttons and form inputs listed.
// https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-structure

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A clickable button of a card with what its callback would carry. */
export interface FeishuCardButton {
  text: string;
  /** The component's `name` (card JSON 2.0 buttons in forms need one). */
  name?: string;
  /** `behaviors[{type:'callback', value}]` (2.0) or the legacy `value`. */
  value?: Record<string, unknown>;
  /** `submit` / `reset` for buttons inside a form container. */
  formActionType?: string;
  /** Name of the form container the button sits in. */
  form?: string;
}

/** An input field of a card form. */
export interface FeishuCardInput {
  name: string;
  label: string;
  placeholder: string;
  required: boolean;
  form?: string;
}

/** The text of a `plain_text` / `lark_md` object or a bare string. */
function textValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value['content'] === 'string') return value['content'];
  return '';
}

/** Children of a container-like element (column sets, forms, panels, interactive containers). */
function children(element: Json): unknown[] {
  const out: unknown[] = [];
  for (const key of ['elements', 'columns', 'actions', 'fields']) {
    const value = element[key];
    if (Array.isArray(value)) out.push(...value);
  }
  return out;
}

function collectText(element: unknown, out: string[]): void {
  if (!isObject(element)) return;
  for (const key of ['title', 'subtitle', 'text', 'label']) {
    const text = textValue(element[key]);
    if (text) out.push(text);
  }
  if (typeof element['content'] === 'string' && element['content']) out.push(element['content']);
  if (isObject(element['header'])) collectText(element['header'], out);
  for (const child of children(element)) collectText(child, out);
}

/** Every visible text of message content: card header, elements (nested), buttons; text and post bodies. */
export function contentText(msgType: string, content: unknown): string {
  if (!isObject(content)) return '';
  if (msgType === 'text') return typeof content['text'] === 'string' ? content['text'] : '';
  const out: string[] = [];
  if (msgType === 'post') {
    for (const locale of Object.values(content)) {
      if (!isObject(locale)) continue;
      if (typeof locale['title'] === 'string' && locale['title']) out.push(locale['title']);
      for (const line of Array.isArray(locale['content']) ? locale['content'] : []) {
        const parts = Array.isArray(line) ? line : [];
        const text = parts.map((part) => (isObject(part) ? textValue(part['text']) : '')).join('');
        if (text) out.push(text);
      }
    }
    return out.join('\n');
  }
  if (isObject(content['header'])) collectText(content['header'], out);
  const body = isObject(content['body']) ? content['body'] : content;
  for (const element of Array.isArray(body['elements']) ? body['elements'] : []) collectText(element, out);
  return out.join('\n');
}

function callbackValue(element: Json): Record<string, unknown> | undefined {
  const behaviors = Array.isArray(element['behaviors']) ? element['behaviors'] : [];
  for (const behavior of behaviors) {
    if (isObject(behavior) && behavior['type'] === 'callback' && isObject(behavior['value'])) {
      return behavior['value'];
    }
  }
  return isObject(element['value']) ? element['value'] : undefined;
}

function walk(element: unknown, form: string | undefined, visit: (element: Json, form?: string) => void) {
  if (!isObject(element)) return;
  visit(element, form);
  const inner = element['tag'] === 'form' && typeof element['name'] === 'string' ? element['name'] : form;
  for (const child of children(element)) walk(child, inner, visit);
}

function cardElements(content: unknown): unknown[] {
  if (!isObject(content)) return [];
  const body = isObject(content['body']) ? content['body'] : content;
  return Array.isArray(body['elements']) ? body['elements'] : [];
}

/** The buttons of a card, in document order. */
export function cardButtons(content: unknown): FeishuCardButton[] {
  const buttons: FeishuCardButton[] = [];
  for (const element of cardElements(content)) {
    walk(element, undefined, (node, form) => {
      if (node['tag'] !== 'button') return;
      const value = callbackValue(node);
      buttons.push({
        text: textValue(node['text']),
        ...(typeof node['name'] === 'string' ? { name: node['name'] } : {}),
        ...(value ? { value } : {}),
        ...(typeof node['form_action_type'] === 'string' ? { formActionType: node['form_action_type'] } : {}),
        ...(form ? { form } : {}),
      });
    });
  }
  return buttons;
}

/** The input fields of a card (text inputs in forms or standalone). */
export function cardInputs(content: unknown): FeishuCardInput[] {
  const inputs: FeishuCardInput[] = [];
  for (const element of cardElements(content)) {
    walk(element, undefined, (node, form) => {
      if (node['tag'] !== 'input' || typeof node['name'] !== 'string') return;
      inputs.push({
        name: node['name'],
        label: textValue(node['label']),
        placeholder: textValue(node['placeholder']),
        required: node['required'] === true,
        ...(form ? { form } : {}),
      });
    });
  }
  return inputs;
}
