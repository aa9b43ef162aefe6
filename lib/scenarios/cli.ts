/**
 * `npm run scenarios -- [--suite FILE|DIR] [--console URL] [--token T] [--junit FILE] [--repeat K]`:
 * runs suites against a running console, over its public routes only, and exits 1 on a failure.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ScenarioResult } from '@/lib/console/scenarios';
import { consoleClient, httpConsoleApi } from './http-api';
import { runScenario, type RunOptions } from './runner';
import { parseSuiteText, type Suite } from './schema';

const USAGE =
  'usage: npm run scenarios -- [--suite FILE|DIR] [--console URL] [--token T] [--junit FILE] [--repeat K]';
const MAX_REPEAT = 100;
const SUITE_FILE = /\.(ya?ml|json)$/i;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
}

const defaultIo: Io = {
  out: (l) => console.log(l),
  err: (l) => console.error(l),
  env: process.env,
};

interface Outcome {
  suite: string;
  scenario: string;
  results: ScenarioResult[];
}

class UsageError extends Error {}

async function suiteFiles(target: string): Promise<string[]> {
  const info = await stat(target).catch(() => null);
  if (!info) throw new UsageError(`${target}: no such file or folder`);
  if (!info.isDirectory()) return [target];
  const names = (await readdir(target)).filter((n) => SUITE_FILE.test(n)).sort();
  if (names.length === 0) throw new UsageError(`${target}: no .yaml, .yml or .json suites in it`);
  return names.map((n) => path.join(target, n));
}

async function loadSuite(file: string): Promise<Suite> {
  const parsed = parseSuiteText(await readFile(file, 'utf8'));
  if (parsed.ok) return parsed.suite;
  const lines = parsed.issues.map(
    (i) => `  ${file}${i.line === null ? '' : `:${i.line}:${i.column ?? 1}`}: ${i.message}`,
  );
  throw new UsageError(`${file} is not a valid suite:\n${lines.join('\n')}`);
}

async function adminToken(io: Io): Promise<string | null> {
  if (io.env.CONSOLE_ADMIN_TOKEN) return io.env.CONSOLE_ADMIN_TOKEN;
  const file = path.join(io.env.DATA_DIR ?? './data', 'admin-token');
  return (await readFile(file, 'utf8').catch(() => '')).trim() || null;
}

const seconds = (ms: number | null) => ((ms ?? 0) / 1000).toFixed(1);

function report(io: Io, outcome: Outcome, repeat: number) {
  const passed = outcome.results.filter((r) => r.status === 'passed').length;
  const ok = passed === outcome.results.length;
  const time = outcome.results.reduce((t, r) => t + (r.duration_ms ?? 0), 0);
  const tally = repeat > 1 ? ` pass^${repeat}: ${passed}/${repeat} passed` : '';
  io.out(`  ${ok ? '✓' : '✗'} ${outcome.scenario} (${seconds(time)} s)${tally}`);
  const failure = outcome.results.find((r) => r.status !== 'passed');
  if (!failure) return;
  io.out(`      ${failure.status === 'error' ? 'error' : 'failed'}: ${failure.reason ?? 'unknown'}`);
  if (failure.expected.length > 0) io.out(`      expected: ${failure.expected.join(' → ')}`);
  io.out(`      actual:   ${failure.actual.join(' → ') || '(nothing)'}`);
  if (failure.conversation_id) io.out(`      conversation: ${failure.conversation_id}`);
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** JUnit XML, one testcase per scenario: it fails unless every repeat passed (pass^k). */
export function junitXml(outcomes: Outcome[], repeat: number): string {
  const bySuite = new Map<string, Outcome[]>();
  for (const o of outcomes) bySuite.set(o.suite, [...(bySuite.get(o.suite) ?? []), o]);
  const failed = (o: Outcome) => o.results.some((r) => r.status === 'failed');
  const errored = (o: Outcome) => !failed(o) && o.results.some((r) => r.status === 'error');
  const time = (list: Outcome[]) =>
    seconds(list.reduce((t, o) => t + o.results.reduce((s, r) => s + (r.duration_ms ?? 0), 0), 0));
  const count = (list: Outcome[]) =>
    `tests="${list.length}" failures="${list.filter(failed).length}" errors="${list.filter(errored).length}" time="${time(list)}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="scenarios" ${count(outcomes)}>`,
  ];
  for (const [suite, list] of bySuite) {
    lines.push(`  <testsuite name="${escapeXml(suite)}" ${count(list)}>`);
    for (const o of list) {
      const attrs = `classname="${escapeXml(suite)}" name="${escapeXml(o.scenario)}" time="${time([o])}"`;
      const bad = o.results.find((r) => r.status !== 'passed');
      if (!bad) {
        lines.push(`    <testcase ${attrs}/>`);
        continue;
      }
      const passed = o.results.filter((r) => r.status === 'passed').length;
      const tag = failed(o) ? 'failure' : 'error';
      const body = [
        repeat > 1 ? `pass^${repeat}: ${passed}/${repeat} repeats passed` : null,
        `expected: ${bad.expected.join(' -> ')}`,
        `actual: ${bad.actual.join(' -> ')}`,
        bad.conversation_id ? `conversation: ${bad.conversation_id}` : null,
      ].filter(Boolean);
      lines.push(
        `    <testcase ${attrs}>`,
        `      <${tag} message="${escapeXml(bad.reason ?? bad.status)}">${escapeXml(body.join('\n'))}</${tag}>`,
        '    </testcase>',
      );
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

export async function main(argv: string[], io: Io = defaultIo, runOptions: RunOptions = {}): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        suite: { type: 'string', default: 'scenarios' },
        console: { type: 'string', default: 'http://127.0.0.1:3000' },
        token: { type: 'string' },
        junit: { type: 'string' },
        repeat: { type: 'string', default: '1' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  const repeat = Number(args.repeat);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > MAX_REPEAT) {
    io.err(`--repeat must be a whole number from 1 to ${MAX_REPEAT}\n${USAGE}`);
    return 2;
  }
  let origin: string;
  try {
    const url = new URL(args.console);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    origin = url.origin;
  } catch {
    io.err(`--console must be an http(s) URL, e.g. http://127.0.0.1:3000`);
    return 2;
  }
  const token = args.token ?? (await adminToken(io));
  if (!token) {
    io.err('No token: pass --token, set CONSOLE_ADMIN_TOKEN, or start the console with scripts/stack.mjs');
    return 2;
  }

  let suites: { file: string; suite: Suite }[];
  try {
    const files = await suiteFiles(args.suite);
    suites = await Promise.all(files.map(async (file) => ({ file, suite: await loadSuite(file) })));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(error.message);
    return 2;
  }

  const api = httpConsoleApi(consoleClient(origin, token));
  const outcomes: Outcome[] = [];
  for (const { file, suite } of suites) {
    io.out(`${suite.name} (${file}, ${suite.scenarios.length} scenarios${repeat > 1 ? ` × ${repeat}` : ''})`);
    for (const scenario of suite.scenarios) {
      const results: ScenarioResult[] = [];
      for (let i = 0; i < repeat; i++) results.push(await runScenario(api, scenario, runOptions));
      const outcome = { suite: suite.name, scenario: scenario.name, results };
      outcomes.push(outcome);
      report(io, outcome, repeat);
    }
  }
  const good = outcomes.filter((o) => o.results.every((r) => r.status === 'passed')).length;
  io.out(`${good} passed, ${outcomes.length - good} failed (${outcomes.length} scenarios against ${origin})`);
  if (args.junit) await writeFile(args.junit, junitXml(outcomes, repeat));
  return good === outcomes.length ? 0 : 1;
}
