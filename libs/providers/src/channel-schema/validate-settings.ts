import { providerSchema, type ProviderField, type ProviderSchema } from './provider-schemas';

export interface SettingsProblem {
  /** `connection.baseURL`, `credentials.authToken` */
  path: string;
  message: string;
}

type Settings = Readonly<Record<string, unknown>>;

/**
 * Checks a channel's whole `connection` and `credentials` against its provider's schema: unknown
 * keys (with the near-miss they probably meant), a secret sent in `connection`, a plain setting
 * sent in `credentials`, missing required fields and wrong types. Every problem is reported.
 */
export function validateChannelSettings(provider: string, connection: Settings, credentials: Settings): SettingsProblem[] {
  const schema = providerSchema(provider);
  if (!schema) return [{ path: 'provider', message: `unknown provider "${provider}"` }];
  return [...checkPlace(schema, 'connection', connection), ...checkPlace(schema, 'credentials', credentials), ...missing(schema, connection, credentials)];
}

function checkPlace(schema: ProviderSchema, place: ProviderField['in'], values: Settings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  for (const [key, value] of Object.entries(values)) {
    const path = `${place}.${key}`;
    const field = schema.fields.find((f) => f.key === key);
    if (!field) {
      const near = schema.fields.find((f) => f.key.toLowerCase() === key.toLowerCase().replace(/[-_]/g, ''));
      const known = schema.fields.map((f) => f.key).join(', ');
      problems.push({ path, message: `unknown ${schema.label} setting${near ? `; did you mean ${near.in}.${near.key}?` : ''} (known: ${known})` });
    } else if (field.in !== place) {
      problems.push({
        path,
        message: field.secret
          ? `is a secret: send it in credentials.${key} (stored encrypted, never returned)`
          : `is not a secret: send it in connection.${key}`,
      });
    } else if (value !== null && value !== undefined && value !== '') {
      const wrong = typeProblem(field, value);
      if (wrong) problems.push({ path, message: wrong });
    }
  }
  return problems;
}

function typeProblem(field: ProviderField, value: unknown): string | undefined {
  switch (field.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'integer':
      return Number.isInteger(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value) ? undefined : 'must be an integer';
    case 'enum':
      return field.options?.includes(String(value)) && typeof value === 'string' ? undefined : `must be one of ${field.options?.join(', ')}`;
    case 'url':
      if (typeof value !== 'string') return 'must be a string';
      return /^https?:\/\/[^/\s]+/i.test(value) ? undefined : `must be an absolute http(s) URL, got ${JSON.stringify(value)}`;
    default:
      return typeof value === 'string' ? undefined : 'must be a string';
  }
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

function missing(schema: ProviderSchema, connection: Settings, credentials: Settings): SettingsProblem[] {
  const valueOf = (f: ProviderField) => (f.in === 'connection' ? connection : credentials)[f.key];
  const problems: SettingsProblem[] = [];
  for (const field of schema.fields) {
    if (present(valueOf(field))) continue;
    const partner = field.requiredWith ? schema.fields.find((f) => f.key === field.requiredWith) : undefined;
    if (field.required) {
      const why = schema.webhookSecret === field.key ? `: webhooks of this channel are verified with it and refused without it` : '';
      problems.push({ path: `${field.in}.${field.key}`, message: `is required (${field.label})${why}` });
    } else if (partner && present(valueOf(partner))) {
      problems.push({ path: `${field.in}.${field.key}`, message: `is required when ${partner.in}.${partner.key} is set (${field.label})` });
    }
  }
  return problems;
}

/** The connection without any key the schema marks secret: what the API may show. */
export function publicConnection(provider: string, connection: Settings): Record<string, unknown> {
  const schema = providerSchema(provider);
  const secretKeys = new Set(schema?.fields.filter((f) => f.secret).map((f) => f.key) ?? []);
  return Object.fromEntries(Object.entries(connection).filter(([key]) => !secretKeys.has(key) && !/secret|token|password/i.test(key)));
}

/** Where a field lives, for errors raised by adapters that only know the field name. */
export function fieldPlace(provider: string, key: string): ProviderField['in'] {
  return providerSchema(provider)?.fields.find((f) => f.key === key)?.in ?? 'connection';
}
