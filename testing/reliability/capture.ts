/** Console output captured while a check runs, to search it for the Fin token and count it. */
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
