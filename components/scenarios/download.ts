import { saveFile } from '@/lib/client/save-file';

/** `<name>.yaml` (or `.json` when the text is JSON), a file name safe on every system. */
export function suiteFileName(name: string, body: string): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'suite';
  return `${base}.${body.trimStart().startsWith('{') ? 'json' : 'yaml'}`;
}

/** Saves the suite's text as a file through the browser. */
export function downloadSuite(name: string, body: string) {
  const file = suiteFileName(name, body);
  saveFile(file, [body], file.endsWith('.json') ? 'application/json' : 'application/yaml');
}
