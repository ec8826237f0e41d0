import { CoreSchema1732600000000 } from './1732600000000-core-schema.migration';
import { ApiKeyExpiry1765150000000 } from './1765150000000-api-key-expiry.migration';

/**
 * Every migration, in order. Other areas (runs/, ...) append theirs here: the app runs exactly this
 * list at start-up on SQLite and PostgreSQL alike.
 */
export const coreMigrations = [CoreSchema1732600000000, ApiKeyExpiry1765150000000];
