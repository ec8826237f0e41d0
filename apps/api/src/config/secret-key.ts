import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeKey } from './app-config';

/**
 * The AES-256-GCM key for secrets and channel credentials. Production sets MOFLOW_SECRET_KEY; a
 * development start generates one once and keeps it under the data directory, because losing it
 * makes every stored credential unreadable.
 */
export function resolveSecretKey(configured: Buffer | undefined, dataDir: string, warn: (message: string) => void): Buffer {
  if (configured) return configured;
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) {
    const key = decodeKey(readFileSync(file, 'utf8'));
    if (!key) throw new Error(`${file}: does not hold a 32-byte key (64 hex characters); fix or delete it`);
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 });
  warn(`MOFLOW_SECRET_KEY is not set: generated one in ${file}. Set MOFLOW_SECRET_KEY in production and back it up.`);
  return key;
}
