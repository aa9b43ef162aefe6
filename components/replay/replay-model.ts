import type { ReplayData, ReplayStep } from '@/lib/console/replay';

export const SPEEDS = [1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];
export type GapMode = 'real' | 'compressed';

/** Compressed gaps at 1×: long enough to read a line, short enough that nobody waits on a demo. */
export const COMPRESSED_GAP_MS = 1500;
const MIN_GAP_MS = 300;

export interface Frame {
  index: number;
  step: ReplayStep;
  /** Time since the previous step, as it really was (0 for the first). */
  gapMs: number;
  /** Playback stops here: a HITL decision or an escalation is worth talking through. */
  pauses: boolean;
}

export function buildFrames(steps: ReplayData['steps']): Frame[] {
  return steps.map((step, index) => {
    const prev = steps[index - 1];
    const gapMs = prev ? Math.max(0, Date.parse(step.at) - Date.parse(prev.at)) || 0 : 0;
    const pauses =
      step.kind === 'hitl' ||
      step.kind === 'escalation' ||
      (step.kind === 'status' && step.status === 'escalated');
    return { index, step, gapMs, pauses };
  });
}

export interface PlayOptions {
  speed: Speed;
  gaps: GapMode;
}

/** How long playback waits before showing a frame. */
export function delayBefore(frame: Frame, { speed, gaps }: PlayOptions): number {
  const gap = gaps === 'real' ? frame.gapMs : Math.min(Math.max(frame.gapMs, MIN_GAP_MS), COMPRESSED_GAP_MS);
  return Math.round(gap / speed);
}

export interface PlayerState {
  /** The last frame shown; everything before it is shown too. */
  frame: number;
  playing: boolean;
}

export type PlayerAction =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'toggle' }
  | { type: 'next' }
  | { type: 'previous' }
  | { type: 'seek'; frame: number }
  | { type: 'tick' };

const clamp = (i: number, count: number) => Math.min(Math.max(Math.trunc(i) || 0, 0), Math.max(count - 1, 0));

/** The player's one state transition; stepping by hand pauses, playing stops at pause frames and the end. */
export function reduce(state: PlayerState, action: PlayerAction, frames: readonly Frame[]): PlayerState {
  const last = frames.length - 1;
  switch (action.type) {
    case 'play':
      if (last < 0) return state;
      return { frame: state.frame >= last ? 0 : state.frame, playing: true };
    case 'pause':
      return { ...state, playing: false };
    case 'toggle':
      return reduce(state, { type: state.playing ? 'pause' : 'play' }, frames);
    case 'next':
      return { frame: clamp(state.frame + 1, frames.length), playing: false };
    case 'previous':
      return { frame: clamp(state.frame - 1, frames.length), playing: false };
    case 'seek':
      return { frame: clamp(action.frame, frames.length), playing: false };
    case 'tick': {
      if (!state.playing) return state;
      const frame = clamp(state.frame + 1, frames.length);
      return { frame, playing: frame < last && !frames[frame]?.pauses };
    }
  }
}

const KIND_TEXT: Record<ReplayStep['kind'], string> = {
  user: 'the user writes',
  fin: 'Fin replies',
  status: 'status change',
  hitl: 'a teammate decides',
  escalation: 'escalation',
  'csat-requested': 'Fin asks for a rating',
  csat: 'the user rates',
};

/** The scrubber's spoken value: where in the story it stands. */
export function frameText(frames: readonly Frame[], index: number): string {
  const frame = frames[index];
  if (!frame) return 'No steps';
  return `Step ${index + 1} of ${frames.length}: ${KIND_TEXT[frame.step.kind]}`;
}

type Listener = () => void;

/**
 * Runs a replay in time: one timer for the next frame, re-armed on every change, so speed and gap
 * changes apply from the next frame on.
 */
export class ReplayClock {
  private current: PlayerState;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private listeners = new Set<Listener>();

  constructor(
    private frames: readonly Frame[],
    private options: PlayOptions,
  ) {
    this.current = { frame: 0, playing: false };
  }

  get state(): PlayerState {
    return this.current;
  }

  subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getState = () => this.current;

  dispatch = (action: PlayerAction) => {
    const next = reduce(this.current, action, this.frames);
    if (next.frame === this.current.frame && next.playing === this.current.playing) return;
    this.current = next;
    this.arm();
    for (const l of this.listeners) l();
  };

  setOptions(options: PlayOptions) {
    this.options = options;
    this.arm();
  }

  /** New steps of the same conversation (a live run, a refetch): it stays where it stands. */
  setFrames(frames: readonly Frame[]) {
    if (frames === this.frames) return;
    this.frames = frames;
    this.current = { ...this.current, frame: clamp(this.current.frame, frames.length) };
    this.arm();
    for (const l of this.listeners) l();
  }

  /** Stops the timer; playing again re-arms it. */
  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm() {
    this.stop();
    const upcoming = this.frames[this.current.frame + 1];
    if (!this.current.playing || !upcoming) return;
    this.timer = setTimeout(() => this.dispatch({ type: 'tick' }), delayBefore(upcoming, this.options));
  }
}
