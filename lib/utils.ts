import { clsx, type ClassValue } from 'clsx';

/**
 * The utility groups this console's class lists can set twice (a primitive's default and a
 * caller's override): a later class drops an earlier one of the same group under the same
 * variants. A few small tables instead of tailwind-merge's full catalogue, which cost ~9 kB
 * gzip on every page; `lib/utils.test.ts` pins the behaviour on the console's own classes.
 */
const SIZES = /^(xs|sm|base|md|lg|xl|\d xl|\dxl)$/;
const ALIGN = /^(left|center|right|justify|start|end)$/;
const WEIGHTS = /^(thin|extralight|light|normal|medium|semibold|bold|extrabold|black)$/;
const LINE_STYLES = /^(solid|dashed|dotted|double|hidden|none)$/;
const DISPLAY = new Set(
  'block inline-block inline flex inline-flex grid inline-grid hidden contents table table-row table-cell flow-root list-item'.split(
    ' ',
  ),
);
const POSITION = new Set('static fixed absolute relative sticky'.split(' '));
const DECORATION = new Set(['underline', 'overline', 'line-through', 'no-underline']);
const CASE = new Set(['uppercase', 'lowercase', 'capitalize', 'normal-case']);
/** Groups whose class also resets narrower ones: `p-4` after `px-2` replaces both. */
const COVERS: Record<string, string[]> = {
  p: ['px', 'py', 'pt', 'pr', 'pb', 'pl', 'ps', 'pe'],
  px: ['pr', 'pl', 'ps', 'pe'],
  py: ['pt', 'pb'],
  m: ['mx', 'my', 'mt', 'mr', 'mb', 'ml', 'ms', 'me'],
  mx: ['mr', 'ml', 'ms', 'me'],
  my: ['mt', 'mb'],
  size: ['w', 'h'],
  inset: ['inset-x', 'inset-y', 'top', 'right', 'bottom', 'left'],
  'inset-x': ['right', 'left'],
  'inset-y': ['top', 'bottom'],
  gap: ['gap-x', 'gap-y'],
  rounded: [
    'rounded-t',
    'rounded-r',
    'rounded-b',
    'rounded-l',
    'rounded-tl',
    'rounded-tr',
    'rounded-br',
    'rounded-bl',
  ],
  'border-w': ['border-w-x', 'border-w-y', 'border-w-t', 'border-w-r', 'border-w-b', 'border-w-l'],
  overflow: ['overflow-x', 'overflow-y'],
  'rounded-t': ['rounded-tl', 'rounded-tr'],
  'rounded-r': ['rounded-tr', 'rounded-br'],
  'rounded-b': ['rounded-br', 'rounded-bl'],
  'rounded-l': ['rounded-tl', 'rounded-bl'],
  flex: ['grow', 'shrink'],
  // Tailwind 4's text sizes set a line height too.
  'font-size': ['leading'],
};

const PREFIXED = [
  'px',
  'py',
  'pt',
  'pr',
  'pb',
  'pl',
  'ps',
  'pe',
  'p',
  'mx',
  'my',
  'mt',
  'mr',
  'mb',
  'ml',
  'ms',
  'me',
  'm',
  'min-w',
  'max-w',
  'min-h',
  'max-h',
  'size',
  'w',
  'h',
  'gap-x',
  'gap-y',
  'gap',
  'space-x',
  'space-y',
  'inset-x',
  'inset-y',
  'inset',
  'top',
  'right',
  'bottom',
  'left',
  'z',
  'opacity',
  'leading',
  'tracking',
  'grid-cols',
  'grid-rows',
  'col-span',
  'row-span',
  'overflow-x',
  'overflow-y',
  'overflow',
  'cursor',
  'shadow',
  'whitespace',
  'translate-x',
  'translate-y',
  'basis',
  'order',
  'duration',
  'underline-offset',
  'line-clamp',
  'aspect',
  'align',
  'animate',
  'transition',
  'break',
  'divide-x',
  'divide-y',
];

/** The conflict group of one utility (without its variants), or null when it conflicts with nothing here. */
export function groupOf(utility: string): string | null {
  const u = utility.replace(/^-/, '');
  if (u.startsWith('[')) return /^\[([a-z-]+):/.exec(u)?.[1] ?? null;
  if (DISPLAY.has(u)) return 'display';
  if (POSITION.has(u)) return 'position';
  if (DECORATION.has(u)) return 'decoration-line';
  if (CASE.has(u)) return 'text-transform';
  const dash = u.indexOf('-');
  const head = dash < 0 ? u : u.slice(0, dash);
  const rest = dash < 0 ? '' : u.slice(dash + 1);
  switch (head) {
    case 'text':
      if (SIZES.test(rest) || /^\[\d/.test(rest)) return 'font-size';
      if (ALIGN.test(rest)) return 'text-align';
      if (/^(ellipsis|clip|wrap|nowrap|balance|pretty)$/.test(rest)) return 'text-wrap';
      return 'text-color';
    case 'bg':
      return 'bg';
    case 'divide':
      if (!/^[xy](-|$)/.test(rest)) return 'divide-color';
      break;
    case 'font':
      return WEIGHTS.test(rest) ? 'font-weight' : 'font-family';
    case 'rounded': {
      const side = /^(t|r|b|l|tl|tr|br|bl|s|e)(-|$)/.exec(rest)?.[1];
      return side ? `rounded-${side}` : 'rounded';
    }
    case 'border': {
      if (!rest || /^\d+$/.test(rest)) return 'border-w';
      const side = /^(x|y|t|r|b|l)(-(\d+))?$/.exec(rest);
      if (side) return `border-w-${side[1]}`;
      if (LINE_STYLES.test(rest)) return 'border-style';
      return 'border-color';
    }
    case 'ring':
      if (rest.startsWith('offset')) return /^offset-\d+$/.test(rest) ? 'ring-offset-w' : 'ring-offset-color';
      return !rest || /^\d+$/.test(rest) ? 'ring-w' : 'ring-color';
    case 'items':
      return 'align-items';
    case 'self':
      return 'align-self';
    case 'content':
      return 'align-content';
    case 'justify':
      return /^(items|self)/.test(rest) ? `justify-${rest.split('-')[0]}` : 'justify-content';
    case 'place':
      return `place-${rest.split('-')[0]}`;
    case 'flex':
      if (/^(row|col)(-reverse)?$/.test(rest)) return 'flex-direction';
      if (/^(wrap|nowrap|wrap-reverse)$/.test(rest)) return 'flex-wrap';
      return 'flex';
    case 'shrink':
    case 'grow':
      return head;
  }
  for (const p of PREFIXED) if (u === p || u.startsWith(`${p}-`)) return p;
  return null;
}

function merge(classes: string): string {
  const tokens = classes.split(/\s+/).filter(Boolean);
  const taken = new Set<string>();
  const out: string[] = [];
  // From the end: the last class of a group wins, earlier ones it covers are dropped.
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i]!;
    let cut = -1;
    for (let j = 0, depth = 0; j < token.length; j++) {
      const c = token[j];
      if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (c === ':' && depth === 0) cut = j;
    }
    const variants = cut < 0 ? '' : token.slice(0, cut + 1);
    const utility = token.slice(cut + 1).replace(/^!/, '');
    const important = token.slice(cut + 1).startsWith('!') ? '!' : '';
    const group = groupOf(utility);
    if (group) {
      const key = `${variants}${important}${group}`;
      if (taken.has(key)) continue;
      taken.add(key);
      for (const covered of COVERS[group] ?? []) taken.add(`${variants}${important}${covered}`);
    } else if (out.includes(token)) continue;
    out.push(token);
  }
  return out.reverse().join(' ');
}

/** Joins class names, letting later Tailwind utilities win over earlier ones. */
export function cn(...inputs: ClassValue[]) {
  return merge(clsx(inputs));
}

/** A route segment decoded, or as it came when it is not valid percent-encoding. */
export function safeDecode(value: string) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
