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

/** Saves the text as a file through the browser's download. */
export function download(name: string, text: string, format: SourceFormat) {
  const url = URL.createObjectURL(new Blob([text], { type: MIME[format] }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.${format === 'json' ? 'json' : 'yaml'}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Loads the YAML writer only when someone exports. */
export async function exportProcedure(p: StoredProcedure, format: SourceFormat) {
  const { formatValue } = await import('@/components/procedures/source');
  download(`procedure-${p.id}`, formatValue(definitionOf(p), format), format);
}
