/** The figures a reliability run reports, their table and the one summary line. */

export interface Figures {
  runs: number;
  events_lost: number;
  events_duplicated: number;
  hitl_lost: number;
  hitl_doubled: number;
  fuzz_cases: number;
  fuzz_5xx: number;
  access_violations: number;
  attacks: number;
  breaches: number;
}

export const emptyFigures = (): Figures => ({
  runs: 0,
  events_lost: 0,
  events_duplicated: 0,
  hitl_lost: 0,
  hitl_doubled: 0,
  fuzz_cases: 0,
  fuzz_5xx: 0,
  access_violations: 0,
  attacks: 0,
  breaches: 0,
});

export function addFigures(a: Figures, b: Figures): Figures {
  const out = { ...a };
  for (const k of Object.keys(out) as (keyof Figures)[]) out[k] += b[k];
  return out;
}

/** The last line of a run, exactly in this form. */
export const summaryLine = (f: Figures) =>
  `reliability: runs=${f.runs} events_lost=${f.events_lost} events_duplicated=${f.events_duplicated} hitl_lost=${f.hitl_lost} hitl_doubled=${f.hitl_doubled} fuzz_cases=${f.fuzz_cases} fuzz_5xx=${f.fuzz_5xx} access_violations=${f.access_violations} attacks=${f.attacks} breaches=${f.breaches}`;

/** Whether the run failed: anything lost, repeated, doubled, a 5xx on bad input, an access violation or a breach. */
export const failed = (f: Figures) =>
  f.events_lost +
    f.events_duplicated +
    f.hitl_lost +
    f.hitl_doubled +
    f.fuzz_5xx +
    f.access_violations +
    f.breaches >
  0;

/** A plain-text table: first row is the header, numbers right-aligned. */
export function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  const line = (r: (string | number)[]) =>
    r
      .map((cell, c) =>
        typeof cell === 'number' ? String(cell).padStart(widths[c]!) : String(cell).padEnd(widths[c]!),
      )
      .join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
