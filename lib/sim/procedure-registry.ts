import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { ProcedureSource, StoredProcedure } from '@/lib/procedures/api';
import { procedureSchema } from '@/lib/procedures/schema';
import type { ProcedureDef } from './procedure-types';
import { PROCEDURES } from './procedures';

export const PROCEDURES_FILE = 'procedures.json';

const fileSchema = z.object({ version: z.literal(1), procedures: z.array(z.unknown()) });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export type RemoveResult = 'removed' | 'restored' | 'builtin' | 'missing';

/** Built-ins overlaid by saved procedures, kept across `/_sim/reset` and, with a data folder, restarts. */
export class ProcedureRegistry {
  private readonly builtins = new Map(PROCEDURES.map((p) => [p.id, p]));
  private saved = new Map<string, ProcedureDef>();
  private readonly file: string | null;

  constructor(dataDir: string | undefined, log: (line: string) => void) {
    this.file = dataDir ? join(dataDir, PROCEDURES_FILE) : null;
    if (this.file) this.load(this.file, log);
  }

  /** A file that cannot be read is reported and set aside, never fatal: the built-ins still work. */
  private load(file: string, log: (line: string) => void) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') log(`cannot read ${file}: ${String(e)}`);
      return;
    }
    const parsed = fileSchema.safeParse(parseJson(text));
    const entries = parsed.success ? parsed.data.procedures : [];
    const bad: string[] = parsed.success ? [] : ['the file is not a procedures file'];
    entries.forEach((entry, i) => {
      const proc = procedureSchema.safeParse(entry);
      if (proc.success) this.saved.set(proc.data.id, proc.data);
      else bad.push(`entry ${i}: ${proc.error.issues[0]?.message ?? 'invalid'}`);
    });
    if (bad.length === 0) return;
    // Kept for a person to mend: the next save would otherwise overwrite it.
    const aside = `${file}.corrupt`;
    copyFileSync(file, aside);
    log(`saved procedures in ${file} could not all be read (${bad.join('; ')}); a copy is in ${aside}`);
  }

  /** Writes the next state before adopting it, so memory never holds what the file lost. */
  private commit(next: Map<string, ProcedureDef>) {
    if (this.file) {
      const body = JSON.stringify({ version: 1, procedures: [...next.values()] }, null, 2);
      mkdirSync(dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, `${body}\n`);
      renameSync(temp, this.file);
    }
    this.saved = next;
  }

  private sourceOf(id: string): ProcedureSource | null {
    if (this.saved.has(id)) return this.builtins.has(id) ? 'edited' : 'saved';
    return this.builtins.has(id) ? 'builtin' : null;
  }

  find(id: string): ProcedureDef | undefined {
    return this.saved.get(id) ?? this.builtins.get(id);
  }

  /** Built-ins in their order (edited ones in place), then saved ones in the order they were made. */
  all(): ProcedureDef[] {
    const builtins = [...this.builtins.keys()].map((id) => this.find(id)!);
    return [...builtins, ...[...this.saved.values()].filter((p) => !this.builtins.has(p.id))];
  }

  describe(id: string): StoredProcedure | undefined {
    const proc = this.find(id);
    const source = this.sourceOf(id);
    return proc && source ? { ...proc, source } : undefined;
  }

  list(): StoredProcedure[] {
    return this.all().map((p) => this.describe(p.id)!);
  }

  has(id: string): boolean {
    return this.find(id) !== undefined;
  }

  /** The next numeric id above every id in use, like Intercom's. */
  nextId(): string {
    const numbers = this.all()
      .map((p) => Number(p.id))
      .filter(Number.isSafeInteger);
    return String(Math.max(41000, ...numbers) + 1);
  }

  save(proc: ProcedureDef): StoredProcedure {
    this.commit(new Map(this.saved).set(proc.id, proc));
    return this.describe(proc.id)!;
  }

  remove(id: string): RemoveResult {
    if (!this.saved.has(id)) return this.builtins.has(id) ? 'builtin' : 'missing';
    const next = new Map(this.saved);
    next.delete(id);
    this.commit(next);
    return this.builtins.has(id) ? 'restored' : 'removed';
  }
}
