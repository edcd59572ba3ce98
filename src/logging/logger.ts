// The one logger: level-filtered lines on stderr, every message passed through secret redaction first.
import { logLevels, type LogLevel } from "../config/settings.ts";
import { redactSecrets } from "../security/redact-secrets.ts";

export type Logger = {
  readonly level: LogLevel;
  /** Changes the level of a running gateway (the dashboard's log level setting). */
  setLevel(level: LogLevel): void;
  enabled(level: LogLevel): boolean;
  trace(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  let current = level;
  let threshold = logLevels.indexOf(level);
  const enabled = (candidate: LogLevel) => logLevels.indexOf(candidate) >= threshold;
  const emit = (candidate: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (!enabled(candidate)) return;
    const suffix = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : "";
    write(redactSecrets(`${new Date().toISOString()} ${candidate.toUpperCase().padEnd(5)} ${message}${suffix}`) + "\n");
  };
  return {
    get level() {
      return current;
    },
    setLevel(next) {
      current = next;
      threshold = logLevels.indexOf(next);
    },
    enabled,
    trace: emit("trace"),
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
  };
}
