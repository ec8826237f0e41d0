import type { Logger } from 'pino';
import { createRootLogger } from '../logging/logger';
import { parseConfig, type AppConfig } from './app-config';
import { resolveSecretKey } from './secret-key';

/** The configuration and root logger of a process (API or worker), the secret key resolved. */
export function loadConfig(env: Record<string, string | undefined>): { config: AppConfig; logger: Logger } {
  const parsed = parseConfig(env);
  const logger = createRootLogger(parsed.logLevel);
  return { config: { ...parsed, secretKey: resolveSecretKey(parsed.secretKey, parsed.dataDir, (m) => logger.warn(m)) }, logger };
}
