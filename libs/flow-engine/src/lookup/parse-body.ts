/** JSON bodies become objects for the mapping; anything else stays text. */
export function parseBody(body: string, headers: Record<string, string>): unknown {
  let type = '';
  for (const k in headers) if (k.toLowerCase() === 'content-type') type = headers[k] ?? '';
  const trimmed = body.trimStart();
  const looksJson = trimmed.startsWith('{') || trimmed.startsWith('[');
  if (!type.includes('json') && !looksJson) return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
