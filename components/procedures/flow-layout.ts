import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { GraphEdge, GraphNode } from './graph-model';

export const NODE_WIDTH = 248;
const HEADER = 30;
const LINE = 18;
const PADDING = 14;

/** Nodes are drawn at this exact height, so the layout and the drawing agree without measuring. */
export const nodeHeight = (n: GraphNode) =>
  HEADER + PADDING + Math.max(n.lines.length, n.kind === 'end' ? 0 : 1) * LINE;

const elk = new ELK();

/** Top-down layered positions for the nodes (elk's layered algorithm). */
export async function layoutGraph(nodes: GraphNode[], edges: GraphEdge[]) {
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '56',
      'elk.spacing.nodeNode': '40',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height: nodeHeight(n) })),
    edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const laid = await elk.layout(graph);
  return {
    positions: new Map((laid.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }])),
    height: laid.height ?? 0,
  };
}
