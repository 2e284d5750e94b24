// Clock, id and logger ports: tiny seams so schedulers, signature windows and logs are testable.

/** Source of the current time; tests inject a fixed or stepping clock. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Structured logger; implementations must redact secrets before anything is written. */
export interface Logger {
  /** Debug-level detail, off in production. */
  debug(obj: Record<string, unknown>, msg?: string): void;
  /** Normal operational events. */
  info(obj: Record<string, unknown>, msg?: string): void;
  /** Something unexpected that the service survived. */
  warn(obj: Record<string, unknown>, msg?: string): void;
  /** A failure that needs attention. */
  error(obj: Record<string, unknown>, msg?: string): void;
  /** A logger that adds the given fields to every record. */
  child(bindings: Record<string, unknown>): Logger;
}

/** A logger that writes nothing, for tests and tools. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
