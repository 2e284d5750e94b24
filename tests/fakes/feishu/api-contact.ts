// Contact endpoints: one user's profile by id, and user ids by email.
import { type ApiAnswer, FeishuCode, fail, ok } from './errors.ts';
import type { FeishuFakeState } from './state.ts';
import type { FeishuFakeUser } from './types.ts';

const USER_ID_TYPES = ['open_id', 'user_id', 'union_id'];
const ACTIVE = {
  is_frozen: false,
  is_resigned: false,
  is_activated: true,
  is_exited: false,
  is_unjoin: false,
};

function idOf(user: FeishuFakeUser, type: string): string {
  return type === 'user_id' ? user.userId : type === 'union_id' ? user.unionId : user.openId;
}

// https://open.feishu.cn/document/server-docs/contact-v3/user/get
export function getUser(state: FeishuFakeState, userId: string, query: Record<string, string>): ApiAnswer {
  const type = query['user_id_type'] ?? 'open_id';
  if (!USER_ID_TYPES.includes(type)) return fail(FeishuCode.contactInvalidParameter, 'invalid parameter');
  const user = state.userBy(type, userId);
  if (!user) return fail(FeishuCode.userIdInvalid, 'user id invalid error');
  return ok({
    user: {
      union_id: user.unionId,
      user_id: user.userId,
      open_id: user.openId,
      name: user.name,
      en_name: user.name,
      // Fields the user does not have are absent, as Feishu leaves them out.
      ...(user.email ? { email: user.email } : {}),
      ...(user.enterpriseEmail ? { enterprise_email: user.enterpriseEmail } : {}),
      status: ACTIVE,
      tenant_key: state.tenantKey,
    },
  });
}

// https://open.feishu.cn/document/server-docs/contact-v3/user/batch_get_id
export function batchGetId(state: FeishuFakeState, query: Record<string, string>, body: unknown): ApiAnswer {
  const type = query['user_id_type'] ?? 'open_id';
  if (!USER_ID_TYPES.includes(type)) return fail(FeishuCode.fieldValidation, 'field validation failed');
  const input = (body ?? {}) as { emails?: unknown; mobiles?: unknown };
  const emails = Array.isArray(input.emails) ? input.emails.filter((e) => typeof e === 'string') : [];
  if (emails.length > 50) return fail(FeishuCode.fieldValidation, 'field validation failed');
  const userList = emails.map((email: string) => {
    // Only the contact email matches; a company mailbox (enterprise_email) returns no id, as documented.
    const user = state.userBy('email', email);
    return user ? { user_id: idOf(user, type), email, status: ACTIVE } : { email };
  });
  return ok({ user_list: userList });
}
