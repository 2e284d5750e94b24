// pino-backed Logger: JSON lines with secrets redacted by key and credentials scrubbed from URLs.
import { pino } from 'pino';
import type { Logger } from './core/ports/clock.ts';

const REDACT_PATHS = [
  'password',
  'token',
  'secret',
  'url',
  'authorization',
  '*.password',
  '*.token',
  '*.secret',
  '*.url',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.apiToken',
  '*.botToken',
  '*.signingSecret',
  '*.appSecret',
];

/** Replaces user:password@ in connection URLs with user:***@. */
export function scrubCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]+):[^@\s/]*@/gi, '$1:***@');
}

function wrap(base: pino.Logger): Logger {
  const fix = (msg?: string) => (msg === undefined ? undefined : scrubCredentials(msg));
  return {
    debug: (obj, msg) => base.debug(obj, fix(msg)),
    info: (obj, msg) => base.info(obj, fix(msg)),
    warn: (obj, msg) => base.warn(obj, fix(msg)),
    error: (obj, msg) => base.error(obj, fix(msg)),
    child: (bindings) => wrap(base.child(bindings)),
  };
}

/** A Logger writing JSON lines to the given stream (stdout by default). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const base = pino(
    {
      level,
      base: { service: 'bytebase-im' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        err: (err: unknown) => {
          const s = pino.stdSerializers.err(err as Error);
          return { ...s, message: scrubCredentials(s.message), stack: s.stack && scrubCredentials(s.stack) };
        },
      },
    },
    destination as pino.DestinationStream | undefined,
  );
  return wrap(base);
}
