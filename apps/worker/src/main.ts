import { startWorker } from '@moflow/api/worker';

/** `npm run worker`: one worker process with the same environment as the API (see docs/deploy.md). */
startWorker(process.env).catch((error: unknown) => {
  process.stderr.write(`Moflow worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
