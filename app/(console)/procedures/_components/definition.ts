import { saveFile } from '@/lib/client/save-file';
import type { StoredProcedure } from '@/lib/procedures/api';
import type { ProcedureDef } from '@/lib/procedures/schema';
import type { SourceFormat } from '@/components/procedures/source';

export const SOURCE_LABEL = { builtin: 'Built in', saved: 'Saved', edited: 'Edited built-in' } as const;

/** The definition alone, as people write it: the simulator's bookkeeping left out. */
export function definitionOf(p: StoredProcedure): ProcedureDef {
  const { source: _source, ...def } = p;
  return def;
}

const MIME: Record<SourceFormat, string> = { json: 'application/json', yaml: 'application/yaml' };

export function download(name: string, text: string, format: SourceFormat) {
  saveFile(`${name}.${format === 'json' ? 'json' : 'yaml'}`, [text], MIME[format]);
}

/** Loads the YAML writer only when someone exports. */
export async function exportProcedure(p: StoredProcedure, format: SourceFormat) {
  const { formatValue } = await import('@/components/procedures/source');
  download(`procedure-${p.id}`, formatValue(definitionOf(p), format), format);
}
