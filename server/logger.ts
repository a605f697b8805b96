// The one logger: JSON lines on stdout. It never receives addresses, user agents, cookies, query strings or form bodies:
// callers pass only the fields below. Times are cut to the hour, so a log line cannot date an anonymous act precisely.
import { logLevelSetting } from './config';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export type LogSink = (line: string) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function hourStamp(now: Date): string {
  return now.toISOString().slice(0, 13) + ':00Z';
}

/** Summarises an error for the log: its class, message and stack, never request data. */
export function errorFields(err: unknown): LogFields {
  if (err instanceof Error) return { err: err.name, message: err.message, stack: err.stack?.split('\n').slice(0, 6).join(' | ') };
  return { err: String(err) };
}

export function createLogger(options: { level?: LogLevel; sink?: LogSink } = {}): Logger {
  const min = ORDER[options.level ?? (logLevelSetting() as LogLevel)] ?? ORDER.info;
  const sink: LogSink = options.sink ?? ((line) => process.stdout.write(line + '\n'));
  const write = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    sink(JSON.stringify({ level, hour: hourStamp(new Date()), msg, ...fields }));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
