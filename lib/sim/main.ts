import { optionsFromEnv } from './env';
import { startSimulator } from './server';

async function main() {
  const result = optionsFromEnv(process.env);
  if ('error' in result) {
    console.error(`fin simulator: ${result.error}`);
    process.exit(1);
  }
  const { options } = result;
  const sim = await startSimulator({ ...options, log: (line) => console.error(`fin simulator: ${line}`) });
  console.log(
    `Fin simulator listening on ${sim.url} (pace ${options.pace}, webhooks ${options.webhookUrl ?? 'off'})`,
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`Fin simulator stopping (${signal})`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  console.error(`fin simulator: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
