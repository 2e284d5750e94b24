// The Feishu/Lark ChatAdapter.
import type { ChatAdapter } from '../../../src/core/ports/chat-adapter.ts';
import type { FeishuChatAdapterConfig } from './config.ts';

export type { FeishuChatAdapterConfig } from './config.ts';

export function createFeishuChatAdapter(_config: FeishuChatAdapterConfig): ChatAdapter {
  throw new Error('the Feishu adapter is not available yet');
}
