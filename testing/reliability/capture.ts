/**
 * Captures everything written through console.log/info/warn/error/debug while a check runs,
 * so the lines can be searched (for the Fin token) and counted. Lines still reach the terminal
 * when `echo` is set.
 */
import { format } from 'node:util';

export interface Capture {
  lines: { level: string; text: string }[];
  restore(): void;
}

const LEVELS = ['log', 'info', 'warn', 'error', 'debug'] as const;

export function captureConsole(echo = false): Capture {
  const lines: Capture['lines'] = [];
  const original = Object.fromEntries(LEVELS.map((l) => [l, console[l].bind(console)])) as Record<
    (typeof LEVELS)[number],
    (...a: unknown[]) => void
  >;
  for (const level of LEVELS) {
    console[level] = (...args: unknown[]) => {
      lines.push({ level, text: format(...args) });
      if (echo) original[level].apply(console, args);
    };
  }
  return {
    lines,
    restore() {
      for (const level of LEVELS) console[level] = original[level];
    },
  };
}
