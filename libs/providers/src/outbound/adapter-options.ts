/** A misconfigured channel: thrown at construction so it surfaces when the channel is saved or
 * loaded, not on the first MT. The message names the field, e.g. `infobip.baseUrl: …`. */
export class ProviderConfigError extends Error {
  override readonly name = 'ProviderConfigError';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

export function requireText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ProviderConfigError(field, 'is required');
  return value;
}

export function requireUrl(field: string, value: unknown): string {
  requireText(field, value);
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new ProviderConfigError(field, `must be an absolute URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ProviderConfigError(field, `must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  return String(value);
}

export function optionalUrl(field: string, value: unknown): string | undefined {
  return value === undefined ? undefined : requireUrl(field, value);
}
