'use client';

import '@xyflow/react/dist/base.css';
import {
  Background,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import { cn } from '@/lib/utils';
import { KIND_LABEL, procedureGraph, type GraphNode } from './graph-model';
import { layoutGraph, NODE_WIDTH, nodeHeight } from './flow-layout';
import { KIND_ICON, KIND_TONE } from './step-style';
import type { ProcedureDef } from '@/lib/procedures/schema';

type StepNode = Node<GraphNode, 'step'>;

function StepNodeView({ data }: NodeProps<StepNode>) {
  const tone = KIND_TONE[data.kind];
  const Icon = KIND_ICON[data.kind];
  return (
    <div
      data-testid="flow-node"
      data-kind={data.kind}
      className={cn('h-full overflow-hidden rounded-lg border px-3 py-2 text-left shadow-xs', tone.box)}
    >
      <Handle type="target" position={Position.Top} className="!size-1 !border-0 !bg-transparent" />
      <div className="flex h-[22px] items-center gap-1.5">
        <span
          className={cn(
            'inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-[11px] font-medium',
            tone.chip,
          )}
        >
          <Icon className="size-3" aria-hidden="true" />
          {KIND_LABEL[data.kind]}
        </span>
        {data.kind !== 'end' ? (
          <code className="truncate text-[11px] text-zinc-600 dark:text-zinc-400">{data.title}</code>
        ) : null}
      </div>
      <ul className="mt-1">
        {data.lines.map((line, i) => (
          <li
            key={i}
            className="truncate text-xs leading-[18px] text-zinc-700 dark:text-zinc-300"
            title={line}
          >
            {line}
          </li>
        ))}
      </ul>
      <Handle type="source" position={Position.Bottom} className="!size-1 !border-0 !bg-transparent" />
    </div>
  );
}

const nodeTypes = { step: StepNodeView };

const EDGE_COLOR = { next: '#a1a1aa', case: '#d97706', otherwise: '#71717a', timeout: '#dc2626' } as const;

/** Tall enough to draw most flows at full size, short enough to keep the page scannable. */
const frameHeight = (graphHeight: number) => Math.min(Math.max(graphHeight + 64, 320), 960);

/** The procedure drawn as a read-only flow; the step list beside it is its text alternative. */
export function FlowGraph({ procedure }: { procedure: Pick<ProcedureDef, 'steps'> }) {
  const graph = useMemo(() => procedureGraph(procedure), [procedure]);
  const [layout, setLayout] = useState<Awaited<ReturnType<typeof layoutGraph>> | null>(null);
  const positions = layout?.positions;
  useEffect(() => {
    let live = true;
    layoutGraph(graph.nodes, graph.edges).then(
      (l) => live && setLayout(l),
      () => live && setLayout({ positions: new Map(), height: 0 }),
    );
    return () => {
      live = false;
    };
  }, [graph]);

  const nodes = useMemo<StepNode[]>(
    () =>
      graph.nodes.map((n, i) => ({
        id: n.id,
        type: 'step',
        data: n,
        position: positions?.get(n.id) ?? { x: 0, y: i * 120 },
        width: NODE_WIDTH,
        height: nodeHeight(n),
        style: { width: NODE_WIDTH, height: nodeHeight(n) },
        draggable: false,
        selectable: false,
        connectable: false,
      })),
    [graph, positions],
  );
  const edges = useMemo<Edge[]>(
    () =>
      graph.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        type: 'smoothstep',
        label: e.label,
        labelBgPadding: [4, 2] as [number, number],
        labelBgBorderRadius: 4,
        labelStyle: { fontSize: 11, fill: 'currentColor' },
        labelBgStyle: { fill: 'var(--flow-label-bg)' },
        style: {
          stroke: EDGE_COLOR[e.kind],
          strokeWidth: 1.5,
          strokeDasharray: e.kind === 'timeout' ? '4 3' : undefined,
        },
        markerEnd: { type: MarkerType.ArrowClosed, color: EDGE_COLOR[e.kind], width: 16, height: 16 },
        focusable: false,
      })),
    [graph],
  );

  return (
    <div
      style={{ height: layout ? frameHeight(layout.height) : undefined }}
      className="h-[32rem] w-full rounded-lg border border-zinc-200 bg-zinc-50 text-zinc-700 [--flow-label-bg:#fff] dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-200 dark:[--flow-label-bg:#18181b]"
      data-testid="flow-graph"
      data-laid-out={positions ? 'true' : 'false'}
    >
      {positions ? (
        <ReactFlow
          key={graph.nodes.map((n) => n.id).join('|')}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
          minZoom={0.2}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          proOptions={{ hideAttribution: true }}
          aria-label="Procedure flow (the Steps tab lists the same steps as text)"
        >
          <Background gap={20} size={1} />
          <Controls showInteractive={false} position="top-right" />
        </ReactFlow>
      ) : null}
    </div>
  );
}
