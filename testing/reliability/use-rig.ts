import { afterAll, beforeAll } from 'vitest';
import { Api } from './api';
import { captureConsole, type Capture } from './capture';
import { startRig, type Rig } from './rig';

/** A PGlite rig for the calling `describe`, console output captured: started before its tests, closed after. */
export function useRig(): { rig: Rig; api: Api; capture: Capture } {
  const t = {} as { rig: Rig; api: Api; capture: Capture };
  beforeAll(async () => {
    t.capture = captureConsole(false);
    t.rig = await startRig({ store: 'pglite' });
    t.api = new Api(t.rig);
  });
  afterAll(async () => {
    await t.rig?.close();
    t.capture?.restore();
  });
  return t;
}
