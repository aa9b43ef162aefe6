import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../api';
import { startRig, type Rig } from '../rig';
import { startRealtimeServer, type RealtimeServer } from '@/testing/server/harness';
import { limitsAttacks, rssKiB, sendOversize } from './limits';

const MiB = 1024 * 1024;

describe('limits attacks: what they measure', () => {
  let rig: Rig;
  let bridge: RealtimeServer;
  /** A process of its own that reads every body whole before answering, as the webhook path used to. */
  let buffering: ChildProcess;
  let bufferingUrl: string;

  beforeAll(async () => {
    process.env.FIN_CONSOLE_QUIET = '1';
    rig = await startRig({ store: 'pglite' });
    bridge = await startRealtimeServer(() => rig.ctx());
    buffering = spawn(
      process.execPath,
      [
        '-e',
        `const s = require('node:http').createServer((req, res) => {
           const held = [];
           req.on('data', (b) => held.push(b));
           req.on('end', () => res.writeHead(401).end(String(Buffer.concat(held).length)));
         });
         s.listen(0, '127.0.0.1', () => console.log(s.address().port));`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [port] = (await once(buffering.stdout!, 'data')) as [Buffer];
    bufferingUrl = `http://127.0.0.1:${String(port).trim()}/api/webhooks/intercom`;
  });
  afterAll(async () => {
    buffering?.kill();
    await bridge?.close();
    await rig?.close();
  });

  it('reads a process’s resident memory', () => {
    expect(rssKiB(process.pid)).toBeGreaterThan(10 * 1024);
    expect(rssKiB(2 ** 30)).toBeNull();
  });

  it('a server that buffers the body is seen growing by about its size', async () => {
    const r = await sendOversize(bufferingUrl, { bytes: 48 * MiB, watch: buffering.pid });
    expect(r.status).toBe(401);
    expect(r.sent).toBe(48 * MiB);
    expect(r.grewMiB).toBeGreaterThanOrEqual(32);
  });

  it('the direct webhook path answers 413 after about the limit, without the growth', async () => {
    const r = await sendOversize(bridge.url, { bytes: 48 * MiB, watch: process.pid });
    expect([r.status, r.code]).toEqual([413, 'payload_too_large']);
    expect(r.sent).toBeLessThan(16 * MiB);
    expect(r.grewMiB).toBeLessThan(2 + 48);
  });

  it('the bad-signature flood holds: every one refused, the rows bounded', async () => {
    const flood = limitsAttacks.find((a) => a.item === '19')!;
    const out = await flood.run({ rig, api: new Api(rig), served: null });
    expect(out).toMatchObject({ breach: false });
    expect(out.detail).toMatch(/^600\/600 refused, [01] rows added/);
  });
});
