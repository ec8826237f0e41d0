/**
 * Lookup URLs are templates, but the scheme and host must be written literally: a placeholder in the
 * host would let message text choose where Moflow sends requests (SSRF). The one exception is a URL
 * that starts with a secret, `{{ secrets.NAME }}/path`, so a base URL can live with the credentials.
 */
import { parseTemplate } from '../template';
import { ProblemCode, type ProblemList } from './problems';

const SECRET_BASE = /^secrets\.[A-Za-z_][A-Za-z0-9_]*$/;

export function checkLookupUrl(path: PropertyKey[], url: string, problems: ProblemList): void {
  const parsed = parseTemplate(url);
  if (!parsed.ok) return; // reported by the template check
  const first = parsed.parts[0];
  if (first?.kind === 'expression') {
    if (!SECRET_BASE.test(first.expression))
      problems.add(path, ProblemCode.InvalidUrl,
        'must start with http:// or https:// and a host; only a secret such as "{{ secrets.API_BASE }}" may stand for the base URL');
    // `{{ secrets.API_BASE }}{{ vars.x }}` would let message text (`@evil.example/`) finish the host
    else if (parsed.parts.length > 1 && !/^[/?#]/.test(parsed.parts[1]?.kind === 'literal' ? parsed.parts[1].text : ''))
      problems.add(path, ProblemCode.InvalidUrl,
        `must continue the secret base URL with a literal "/", "?" or "#" (as in "{{ ${first.expression} }}/orders/{{ vars.id }}"), so message text cannot change the host`);
    return;
  }
  const literalPrefix = first?.text ?? '';
  const hasPlaceholder = parsed.parts.length > 1;
  // Every placeholder is replaced by a harmless sample so the rest of the URL can be parsed.
  const sample = parsed.parts.map((p) => (p.kind === 'literal' ? p.text : 'x')).join('');
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(sample);
  } catch {
    problems.add(path, ProblemCode.InvalidUrl, 'must be an absolute http(s) URL, such as https://api.example.com/orders/{{ vars.orderId }}');
    return;
  }
  if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:') {
    problems.add(path, ProblemCode.InvalidUrl, `must use http or https, not ${parsedUrl.protocol.replace(':', '')}`);
    return;
  }
  if (hasPlaceholder && !/^https?:\/\/[^/?#]+[/?#]/i.test(literalPrefix))
    problems.add(path, ProblemCode.InvalidUrl,
      'must spell out the host before any placeholder (end it with "/", "?" or "#"), so message text cannot change where the request goes');
}
