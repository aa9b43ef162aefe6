import { describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import { lazyZodResolver } from './lazy-resolver';
import { sleep } from '@/testing/util';

const schema = z.object({ name: z.string().check(z.minLength(1, 'Name is required')) });
const options = { fields: {}, shouldUseNativeValidation: false } as never;

describe('lazyZodResolver', () => {
  it('loads the schema once, on first use, and validates with it', async () => {
    let loads = 0;
    const resolver = lazyZodResolver(async () => (loads++, schema));
    expect(loads).toBe(0);
    const bad = await resolver({ name: '' }, undefined, options);
    expect(bad.errors.name?.message).toBe('Name is required');
    const good = await resolver({ name: 'Ada' }, undefined, options);
    expect(good.values).toEqual({ name: 'Ada' });
    expect(loads).toBe(1);
  });

  it('tries the load again after it failed, on submit as on preload', async () => {
    let attempts = 0;
    const resolver = lazyZodResolver(async () => {
      if (++attempts === 1) throw new Error('chunk failed to load');
      return schema;
    });
    await expect(resolver({ name: 'Ada' }, undefined, options)).rejects.toThrow('chunk failed to load');
    const good = await resolver({ name: 'Ada' }, undefined, options);
    expect(good.values).toEqual({ name: 'Ada' });
    expect(attempts).toBe(2);

    let preloads = 0;
    const preloaded = lazyZodResolver(async () => {
      if (++preloads === 1) throw new Error('offline');
      return schema;
    });
    preloaded.preload();
    await sleep(0);
    expect((await preloaded({ name: '' }, undefined, options)).errors.name?.message).toBe('Name is required');
    expect(preloads).toBe(2);
  });
});
