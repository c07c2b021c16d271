export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogSink = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

export function createLogger(sink: LogSink): Logger {
  return {
    debug: (message, fields) => sink('debug', message, fields),
    info: (message, fields) => sink('info', message, fields),
    warn: (message, fields) => sink('warn', message, fields),
    error: (message, fields) => sink('error', message, fields),
  };
}

export const silentLogger: Logger = createLogger(() => {});
