import 'reflect-metadata';
import { createApp } from './app-setup';
import { ConfigError } from './config/app-config';
import { startupWarnings } from './config/startup-warnings';

async function main(): Promise<void> {
  const { app, config, logger } = await createApp(process.env);
  await app.listen(config.port, config.host);
  logger.info({ port: config.port, database: config.database.type, publicUrl: config.publicUrl }, `Moflow API listening on http://localhost:${config.port}`);
  for (const warning of startupWarnings(config)) logger.warn({ setting: 'PUBLIC_URL' }, warning);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    // Plain text on stderr: the operator must read which setting is wrong, not parse JSON.
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Moflow API failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
