/** Every API route, found at run time from `app/api`, so a new route is checked unlisted. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export type RouteHandler = (req: Request, ctx: { params: Promise<never> }) => Promise<Response>;

export interface DiscoveredRoute {
  /** `/api/hitl-steps/:stepId/claim` (route groups dropped, `[x]` as `:x`, `[...x]` as `:x*`). */
  pattern: string;
  file: string;
  methods: Map<string, RouteHandler>;
}

export function patternOf(relativeDir: string): string {
  const segments = relativeDir
    .split(path.sep)
    .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith('@'))
    .map((s) => s.replace(/^\[\[?\.\.\.(.+?)\]?\]$/, ':$1*').replace(/^\[(.+)\]$/, ':$1'));
  return `/${segments.join('/')}`;
}

export function routeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...routeFiles(p));
    else if (/^route\.(ts|tsx|js|mjs)$/.test(entry.name)) out.push(p);
  }
  return out;
}

export async function discoverRoutes(root = process.cwd()): Promise<DiscoveredRoute[]> {
  const appDir = path.join(root, 'app');
  const out: DiscoveredRoute[] = [];
  for (const file of routeFiles(path.join(appDir, 'api'))) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const methods = new Map<string, RouteHandler>();
    for (const m of HTTP_METHODS) if (typeof mod[m] === 'function') methods.set(m, mod[m] as RouteHandler);
    out.push({ pattern: patternOf(path.relative(appDir, path.dirname(file))), file, methods });
  }
  return out;
}
