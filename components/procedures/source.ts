import { isNode, LineCounter, parseDocument, stringify, type Document } from 'yaml';

export type SourceFormat = 'json' | 'yaml';

/** One problem in the editor's text, at the characters it is about. */
export interface SourceIssue {
  line: number;
  from: number;
  to: number;
  path: string;
  message: string;
}

export interface ParsedSource {
  /** The parsed value, or undefined when the text does not parse. */
  value: unknown;
  syntax: SourceIssue[];
  doc: Document;
  lines: LineCounter;
}

/** Parses JSON or YAML text (YAML 1.2 reads JSON too), keeping positions for every node. */
export function parseSource(text: string): ParsedSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors.map((e) => {
    const [from, to] = e.pos;
    return {
      line: lines.linePos(from).line,
      from,
      to: Math.max(to, from + 1),
      path: '',
      message: firstLine(e.message),
    };
  });
  return { value: syntax.length ? undefined : doc.toJS(), syntax, doc, lines };
}

const firstLine = (message: string) => message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');

export const dottedPath = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );

/** Splits a server field such as `steps.2.attributes.0.key` or `steps[2].key` back into a path. */
export const splitPath = (field: string): Array<string | number> =>
  field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));

/**
 * Places each schema issue on the text: the node its path names, or the nearest ancestor that
 * exists (a missing field is reported on the object that lacks it).
 */
export function placeIssues(
  parsed: ParsedSource,
  issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>,
): SourceIssue[] {
  return issues.map(({ path, message }) => {
    let at = path.length;
    let node: unknown = undefined;
    for (; at >= 0; at--) {
      node = at === 0 ? parsed.doc.contents : parsed.doc.getIn(path.slice(0, at) as unknown[], true);
      if (isNode(node) && node.range) break;
    }
    const [from, to] = isNode(node) && node.range ? [node.range[0], node.range[1]] : [0, 1];
    const end = Math.max(to, from + 1);
    return { line: parsed.lines.linePos(from).line, from, to: end, path: dottedPath(path), message };
  });
}

/** The same value in the other format; null when the text does not parse. */
export function convertSource(text: string, to: SourceFormat): string | null {
  const parsed = parseSource(text);
  if (parsed.syntax.length) return null;
  return formatValue(parsed.value, to);
}

export const formatValue = (value: unknown, format: SourceFormat) =>
  format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : stringify(value, { lineWidth: 0 });
