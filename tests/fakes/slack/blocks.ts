// Message content checks Slack applies before posting: text, Block Kit shape and size limits.
// Block Kit reference: https://docs.slack.dev/reference/block-kit/blocks

/** Slack truncates or refuses `text` beyond this many characters (changelog 2018-04). */
export const MAX_TEXT_CHARS = 40_000;
/** "You can include up to 50 blocks in each message, and 100 blocks in modals or Home tabs." */
export const MAX_MESSAGE_BLOCKS = 50;
export const MAX_VIEW_BLOCKS = 100;

export type ContentResult =
  | { ok: true; text: string; blocks?: unknown[]; attachments?: unknown[]; warnings: string[] }
  | { ok: false; error: string; errors?: string[] };

export interface ContentOptions {
  /** Answer `no_text` when there is neither text, blocks nor attachments. */
  requireContent: boolean;
  overlongText: 'reject' | 'truncate';
}

/** Decodes an argument that Slack accepts either as JSON text (form bodies) or as JSON (JSON bodies). */
export function decodeJsonArg(value: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof value !== 'string') return { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) as unknown };
  } catch {
    return { ok: false };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.text === 'string' ? value.text : undefined;
}

/** Checks one text composition object; Slack's error strings carry a JSON pointer. */
function checkTextObject(value: unknown, pointer: string, maxChars: number, errors: string[]): void {
  if (!isObject(value) || (value.type !== 'plain_text' && value.type !== 'mrkdwn')) {
    errors.push(`must be a text object of type plain_text or mrkdwn [json-pointer:${pointer}]`);
    return;
  }
  const text = textOf(value) ?? '';
  if (text.length === 0) errors.push(`must be more than 0 characters [json-pointer:${pointer}/text]`);
  if (text.length > maxChars) {
    errors.push(`must be less than ${maxChars + 1} characters [json-pointer:${pointer}/text]`);
  }
}

function checkButton(element: Record<string, unknown>, pointer: string, errors: string[]): void {
  checkTextObject(element.text, `${pointer}/text`, 75, errors);
  if (typeof element.action_id === 'string' && element.action_id.length > 255) {
    errors.push(`must be less than 256 characters [json-pointer:${pointer}/action_id]`);
  }
  if (typeof element.value === 'string' && element.value.length > 2000) {
    errors.push(`must be less than 2001 characters [json-pointer:${pointer}/value]`);
  }
  if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
    errors.push(`must be primary or danger [json-pointer:${pointer}/style]`);
  }
}

function checkBlock(block: Record<string, unknown>, pointer: string, errors: string[]): void {
  if (block.type === 'section') {
    if (block.text === undefined && block.fields === undefined) {
      errors.push(`must provide text or fields [json-pointer:${pointer}]`);
    }
    if (block.text !== undefined) checkTextObject(block.text, `${pointer}/text`, 3000, errors);
  } else if (block.type === 'header') {
    checkTextObject(block.text, `${pointer}/text`, 150, errors);
  } else if (block.type === 'actions') {
    const elements = block.elements;
    if (!Array.isArray(elements) || elements.length === 0 || elements.length > 25) {
      errors.push(`must provide between 1 and 25 elements [json-pointer:${pointer}/elements]`);
      return;
    }
    elements.forEach((element, index) => {
      const at = `${pointer}/elements/${index}`;
      if (!isObject(element) || typeof element.type !== 'string') {
        errors.push(`missing required field: type [json-pointer:${at}]`);
      } else if (element.type === 'button') {
        checkButton(element, at, errors);
      }
    });
  }
}

/** Validates a decoded `blocks` value; returns Slack-style error strings (empty when valid). */
export function validateBlocks(blocks: unknown, maxBlocks: number): string[] {
  if (!Array.isArray(blocks)) return ['must be an array [json-pointer:/blocks]'];
  const errors: string[] = [];
  if (blocks.length > maxBlocks)
    errors.push(`no more than ${maxBlocks} items allowed [json-pointer:/blocks]`);
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const pointer = `/blocks/${index}`;
    if (!isObject(block) || typeof block.type !== 'string' || block.type.length === 0) {
      errors.push(`missing required field: type [json-pointer:${pointer}]`);
      return;
    }
    if (block.block_id !== undefined) {
      if (typeof block.block_id !== 'string' || block.block_id.length > 255) {
        errors.push(`must be a string of at most 255 characters [json-pointer:${pointer}/block_id]`);
      } else if (blockIds.has(block.block_id)) {
        errors.push(`duplicate block_id [json-pointer:${pointer}/block_id]`);
      } else {
        blockIds.add(block.block_id);
      }
    }
    checkBlock(block, pointer, errors);
  });
  return errors;
}

/**
 * Checks the content arguments shared by chat.postMessage, chat.postEphemeral, chat.update and
 * response URLs. Errors follow the method docs: `invalid_blocks_format` (not JSON / not an array),
 * `invalid_blocks`, `invalid_attachments`, `too_many_attachments`, `no_text`, `msg_too_long`.
 */
export function checkMessageContent(args: Record<string, unknown>, options: ContentOptions): ContentResult {
  let blocks: unknown[] | undefined;
  if (args.blocks !== undefined && args.blocks !== '') {
    const decoded = decodeJsonArg(args.blocks);
    if (!decoded.ok || !Array.isArray(decoded.value)) return { ok: false, error: 'invalid_blocks_format' };
    const errors = validateBlocks(decoded.value, MAX_MESSAGE_BLOCKS);
    if (errors.length > 0) return { ok: false, error: 'invalid_blocks', errors };
    blocks = decoded.value;
  }
  let attachments: unknown[] | undefined;
  if (args.attachments !== undefined && args.attachments !== '') {
    const decoded = decodeJsonArg(args.attachments);
    if (!decoded.ok || !Array.isArray(decoded.value)) return { ok: false, error: 'invalid_attachments' };
    if (decoded.value.length > 100) return { ok: false, error: 'too_many_attachments' };
    attachments = decoded.value;
  }
  const rawText = args.text === undefined || args.text === null ? '' : String(args.text);
  const hasContent = rawText.length > 0 || (blocks?.length ?? 0) > 0 || (attachments?.length ?? 0) > 0;
  if (options.requireContent && !hasContent) return { ok: false, error: 'no_text' };
  const warnings: string[] = [];
  let text = rawText;
  if (text.length > MAX_TEXT_CHARS) {
    if (options.overlongText === 'reject') return { ok: false, error: 'msg_too_long' };
    text = text.slice(0, MAX_TEXT_CHARS);
    warnings.push('message_truncated');
  }
  return { ok: true, text, warnings, ...(blocks ? { blocks } : {}), ...(attachments ? { attachments } : {}) };
}
