import type { Logger, LogLevel } from '@pattern/core';

/** How much of one call's `console` output is kept: enough to debug, too little to flood a run record. */
export const MAX_CONSOLE_LINES = 50;
export const MAX_CONSOLE_BYTES = 8 * 1024;

/** One call's console lines, capped; what is past the cap is counted, then named in one last line. */
export class ConsoleCapture {
  private readonly lines: Array<{ level: LogLevel; text: string }> = [];
  private bytes = 0;
  private dropped = 0;

  add(level: LogLevel, text: string): void {
    const room = MAX_CONSOLE_BYTES - this.bytes;
    if (this.lines.length >= MAX_CONSOLE_LINES || room <= 0) {
      this.dropped++;
      return;
    }
    const kept = text.length > room ? `${text.slice(0, room)}…` : text;
    this.bytes += Math.min(text.length, room);
    this.lines.push({ level, text: kept });
  }

  /** Writes the kept lines to the node's log, which puts them in its trace. */
  flush(log: Logger): void {
    for (const { level, text } of this.lines) log[level](text, { source: 'console' });
    if (this.dropped > 0) {
      log.warn(`console output cut: ${this.dropped} more line(s) not kept (at most ${MAX_CONSOLE_LINES} lines, ${MAX_CONSOLE_BYTES} characters)`, {
        source: 'console',
      });
    }
  }
}
