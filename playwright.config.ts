import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './testing/chromium';

const consolePort = Number(process.env.E2E_CONSOLE_PORT ?? 3110);
const simPort = Number(process.env.E2E_SIM_PORT ?? 4110);
const dataDir = process.env.E2E_DATA_DIR ?? `.tmp/e2e-data-${Date.now()}`;
// E2E_SIM_VARIANTS=1 starts the simulator with its realism setting and runs only the main lead
// and HITL flows written for it (e2e/sim-variants.spec.ts); otherwise those are left out.
const variants = process.env.E2E_SIM_VARIANTS === '1';
const VARIANTS_SPEC = /sim-variants\.spec\.ts$/;

export default defineConfig({
  testDir: './e2e',
  // Apart, so the variants run does not empty the traces of the main run before anyone reads them.
  outputDir: variants ? './test-results/variants' : './test-results/main',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Generous: axe runs and a cold server on a loaded 2-core machine are slow, not broken.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI
    ? [['list'], ['json', { outputFile: process.env.E2E_JSON ?? '.tmp/e2e.json' }]]
    : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${consolePort}`,
    // A step stuck this long is hung: fail it by name rather than wait out the test's timeout.
    actionTimeout: 60_000,
    navigationTimeout: 60_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: CHROMIUM_LAUNCH,
  },
  projects: [
    // Signs the demo lead in through the real sign-in page once; every spec starts signed in as them.
    { name: 'setup', testMatch: /auth\.setup\.ts$/ },
    {
      name: variants ? 'chromium-variants' : 'chromium',
      dependencies: ['setup'],
      ...(variants ? { testMatch: VARIANTS_SPEC } : { testIgnore: VARIANTS_SPEC }),
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 860 },
        storageState: process.env.E2E_AUTH_STATE ?? '.tmp/e2e-auth/lead.json',
      },
    },
  ],
  webServer: {
    command: `node scripts/stack.mjs --console-port ${consolePort} --sim-port ${simPort} --data-dir ${dataDir}`,
    url: `http://127.0.0.1:${consolePort}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    // The specs sign in with the demo accounts, which exist only in demo mode.
    env: {
      FIN_SIM_PACE: process.env.FIN_SIM_PACE ?? 'instant',
      CONSOLE_DEMO_ACCOUNTS: '1',
      ...(variants ? { FIN_SIM_VARIANTS: '1' } : {}),
    },
  },
});
