// The text printed once when a start minted first sign-in tokens for the workspace file's owners.
import type { IssuedToken } from './core/services/bootstrap-owners.ts';

export function formatOwnerTokens(tokens: IssuedToken[], baseUrl: string): string {
  const lines = tokens.map(
    (t) =>
      `  ${t.email.padEnd(28)} ${t.token}${t.expiresAt ? `  (expires ${t.expiresAt.toISOString()})` : ''}`,
  );
  return [
    'First sign-in tokens for the workspace owners (shown once, keep them):',
    ...lines,
    `Sign in at ${baseUrl}/ and issue lasting tokens under Users, or: curl -H "Authorization: Bearer <token>" ${baseUrl}/api/v1/me`,
    'Lost it? On this machine: npm run admin -- token <email>',
    '',
  ].join('\n');
}
