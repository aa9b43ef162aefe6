import type { Condition, ProcedureDef, Step } from '@/lib/procedures/schema';

export type StepKind = Step['kind'] | 'end';

export type GraphNode = {
  id: string;
  kind: StepKind;
  title: string;
  /** Short facts drawn under the title, one per line (attributes, stored value, reason). */
  lines: string[];
};

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** Case condition, "otherwise" or "on timeout"; none for the plain next step. */
  label?: string;
  kind: 'next' | 'case' | 'otherwise' | 'timeout';
}

/** The node the procedure falls through to after its last step: the engine resolves there. */
export const END_ID = '__end';

export const KIND_LABEL: Record<StepKind, string> = {
  say: 'Fin says',
  ask_user: 'Ask the user',
  hitl: 'Teammate input',
  branch: 'Branch',
  resolve: 'Resolve',
  escalate: 'Escalate',
  end: 'End: resolved',
};

const show = (v: unknown) => (typeof v === 'string' ? `“${v}”` : String(v));

export function conditionLabel(c: Condition): string {
  switch (c.op) {
    case 'eq':
      return `= ${show(c.value)}`;
    case 'in':
      return `one of ${c.values.map(show).join(', ')}`;
    case 'gte':
      return `≥ ${c.value}`;
    case 'lt':
      return `< ${c.value}`;
  }
}

const plain = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function describe(step: Step): string[] {
  switch (step.kind) {
    case 'say':
      return [plain(step.html)];
    case 'ask_user':
      return [plain(step.question), `stores ${step.store}`];
    case 'hitl': {
      const who = step.assign_to ? `assigned to ${step.assign_to.name}` : 'unassigned';
      const facts = [who, step.priority === 'priority' ? 'priority' : null]
        .concat(step.expires_in_s ? `expires in ${step.expires_in_s}s` : null)
        .filter(Boolean)
        .join(' · ');
      return [
        plain(step.question),
        ...step.attributes.map(
          (a) => `${a.label}: ${a.data_type}${a.data_type === 'list' ? ` (${a.options?.length ?? 0})` : ''}`,
        ),
        facts,
      ];
    }
    case 'branch':
      return [`on ${step.on}`];
    case 'resolve':
      return [];
    case 'escalate':
      return [step.reason];
  }
}

/** Where a step goes when it is done: its `next`, else the following step, else the end. */
function following(steps: readonly Step[], index: number): string | null {
  const step = steps[index]!;
  if (step.kind === 'resolve' || step.kind === 'escalate' || step.kind === 'branch') return null;
  if (step.next) return step.next;
  return steps[index + 1]?.id ?? END_ID;
}

/** A procedure as a graph: one node per step and an edge for every way out of it. */
export function procedureGraph(procedure: Pick<ProcedureDef, 'steps'>): {
  nodes: GraphNode[];
  edges: GraphEdge[];
} {
  const { steps } = procedure;
  const ids = new Set(steps.map((s) => s.id));
  const nodes: GraphNode[] = steps.map((s) => ({ id: s.id, kind: s.kind, title: s.id, lines: describe(s) }));
  const edges: GraphEdge[] = [];
  const add = (source: string, target: string, kind: GraphEdge['kind'], label?: string) => {
    if (target !== END_ID && !ids.has(target)) return;
    edges.push({
      id: `${source}->${target}#${edges.length}`,
      source,
      target,
      kind,
      ...(label ? { label } : {}),
    });
  };
  steps.forEach((step, i) => {
    const next = following(steps, i);
    if (next) add(step.id, next, 'next');
    if (step.kind === 'hitl' && step.on_timeout) add(step.id, step.on_timeout, 'timeout', 'on timeout');
    if (step.kind === 'branch') {
      for (const c of step.cases) add(step.id, c.goto, 'case', conditionLabel(c));
      add(step.id, step.otherwise, 'otherwise', 'otherwise');
    }
  });
  if (edges.some((e) => e.target === END_ID))
    nodes.push({ id: END_ID, kind: 'end', title: 'End', lines: [] });
  return { nodes, edges };
}
