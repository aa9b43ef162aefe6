/** A wrong or missing setting stops the server here, naming the variable, not on the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getEnv, EnvError } = await import('./lib/server/env');
  try {
    getEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`fin console: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const { publishRealtimeEntry } = await import('./lib/server/realtime-entry');
  publishRealtimeEntry();
}
