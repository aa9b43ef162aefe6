import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReplayStep } from '@/lib/console/replay';
import { buildFrames, COMPRESSED_GAP_MS, delayBefore, frameText, reduce, ReplayClock } from './replay-model';

const t0 = Date.UTC(2026, 0, 1);
const at = (s: number) => new Date(t0 + s * 1000).toISOString();
const steps: ReplayStep[] = [
  { seq: 0, at: at(0), kind: 'user', author: 'user', body: 'Refund please' },
  { seq: 1, at: at(2), kind: 'fin', html: '<p>Looking</p>' },
  { seq: 2, at: at(62), kind: 'hitl', question: 'Approve?' },
  { seq: 3, at: at(63), kind: 'fin', html: '<p>Approved</p>' },
  { seq: 4, at: at(64), kind: 'escalation', context: null },
  { seq: 5, at: at(70), kind: 'status', status: 'complete', reason: null },
];
const frames = buildFrames(steps);

describe('frames', () => {
  it('keeps the real gaps and pauses at HITL decisions and escalations', () => {
    expect(frames.map((f) => f.gapMs)).toEqual([0, 2000, 60000, 1000, 1000, 6000]);
    expect(frames.filter((f) => f.pauses).map((f) => f.step.seq)).toEqual([2, 4]);
  });

  it('never goes back in time when stamps are out of order', () => {
    const out = buildFrames([steps[1]!, { ...steps[0]!, at: at(1) }]);
    expect(out[1]?.gapMs).toBe(0);
  });

  it('divides gaps by the speed and caps compressed ones', () => {
    const long = frames[2]!;
    expect(delayBefore(long, { speed: 1, gaps: 'real' })).toBe(60000);
    expect(delayBefore(long, { speed: 4, gaps: 'real' })).toBe(15000);
    expect(delayBefore(long, { speed: 1, gaps: 'compressed' })).toBe(COMPRESSED_GAP_MS);
    expect(delayBefore(long, { speed: 2, gaps: 'compressed' })).toBe(COMPRESSED_GAP_MS / 2);
    expect(delayBefore(frames[3]!, { speed: 1, gaps: 'compressed' })).toBe(1000);
  });

  it('says where the scrubber stands', () => {
    expect(frameText(frames, 2)).toBe('Step 3 of 6: a teammate decides');
    expect(frameText([], 0)).toBe('No steps');
  });
});

describe('reduce', () => {
  it('steps by hand within bounds and pauses', () => {
    const playing = { frame: 0, playing: true };
    expect(reduce(playing, { type: 'next' }, frames)).toEqual({ frame: 1, playing: false });
    expect(reduce({ frame: 0, playing: false }, { type: 'previous' }, frames).frame).toBe(0);
    expect(reduce({ frame: 5, playing: false }, { type: 'next' }, frames).frame).toBe(5);
    expect(reduce(playing, { type: 'seek', frame: 99 }, frames)).toEqual({ frame: 5, playing: false });
    expect(reduce(playing, { type: 'seek', frame: -3 }, frames).frame).toBe(0);
  });

  it('plays again from the start once at the end', () => {
    expect(reduce({ frame: 5, playing: false }, { type: 'toggle' }, frames)).toEqual({
      frame: 0,
      playing: true,
    });
    expect(reduce({ frame: 0, playing: false }, { type: 'play' }, [])).toEqual({ frame: 0, playing: false });
  });
});

describe('ReplayClock', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('plays at the chosen speed, stops at each decision and at the end', () => {
    const clock = new ReplayClock(frames, { speed: 2, gaps: 'real' });
    const seen: number[] = [];
    clock.subscribe(() => seen.push(clock.getState().frame));
    clock.dispatch({ type: 'play' });
    vi.advanceTimersByTime(999);
    expect(clock.state.frame).toBe(0);
    vi.advanceTimersByTime(1);
    expect(clock.state.frame).toBe(1);
    vi.advanceTimersByTime(30000);
    expect(clock.state).toEqual({ frame: 2, playing: false });
    vi.advanceTimersByTime(60000);
    expect(clock.state.frame).toBe(2);
    clock.dispatch({ type: 'play' });
    vi.advanceTimersByTime(1000);
    expect(clock.state).toEqual({ frame: 4, playing: false });
    clock.dispatch({ type: 'play' });
    vi.advanceTimersByTime(3000);
    expect(clock.state).toEqual({ frame: 5, playing: false });
    expect(seen).toEqual([0, 1, 2, 2, 3, 4, 4, 5]);
    clock.stop();
  });

  it('applies a new speed and gap mode from the next frame', () => {
    const clock = new ReplayClock(frames, { speed: 1, gaps: 'real' });
    clock.dispatch({ type: 'seek', frame: 1 });
    clock.dispatch({ type: 'play' });
    clock.setOptions({ speed: 4, gaps: 'compressed' });
    vi.advanceTimersByTime(COMPRESSED_GAP_MS / 4);
    expect(clock.state.frame).toBe(2);
    clock.stop();
  });

  it('keeps its place when new steps arrive', () => {
    const clock = new ReplayClock(frames.slice(0, 3), { speed: 1, gaps: 'compressed' });
    clock.dispatch({ type: 'seek', frame: 2 });
    clock.setFrames(frames);
    expect(clock.state.frame).toBe(2);
    clock.setFrames(frames.slice(0, 1));
    expect(clock.state.frame).toBe(0);
  });

  it('stops its timer when paused or stopped', () => {
    const clock = new ReplayClock(frames, { speed: 1, gaps: 'compressed' });
    clock.dispatch({ type: 'play' });
    clock.dispatch({ type: 'pause' });
    vi.advanceTimersByTime(10000);
    expect(clock.state.frame).toBe(0);
    clock.dispatch({ type: 'play' });
    clock.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
