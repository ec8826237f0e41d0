import { describe, expect, it } from 'vitest';
import { flowDefinitionSchema } from '../definition';
import { effectiveSecretHosts, hostIsBound, isValidSecretHost, secretHostRefusal } from '../secret-hosts';
import { literalHost, lookupSecretUses } from './secret-checks';
import { validateFlow } from './validate-flow';

function flow(nodes: Array<Record<string, unknown>>) {
  const all = [{ id: 'start', type: 'trigger', config: { keywords: ['GO'] } }, ...nodes];
  return { specVersion: 1, nodes: all, edges: all.slice(1).map((n, i) => ({
    id: `e${i}`, source: all[i]!.id as string, sourceHandle: all[i]!.type === 'lookup' ? 'success' : 'next', target: n['id'] as string,
  })) };
}

describe('secrets outside a lookup URL and headers', () => {
  it('refuses every transformed copy into a reply, ticket, variable, match or request body', () => {
    const def = flow([
      { id: 'api', type: 'lookup', config: { kind: 'http', url: 'https://crm.example.com/x', headers: { Authorization: 'Bearer {{ secrets.CRM_TOKEN }}' },
        body: '{"t":"{{ $substring(secrets.CRM_TOKEN, 0, 4) }}"}', mapping: '{ "t": $base64encode(secrets.CRM_TOKEN) }', successWhen: 'secrets.X = "1"' } },
      { id: 'keep', type: 'set', config: { assignments: [{ target: 'vars.t', expression: '$uppercase(secrets . CRM_TOKEN)' }] } },
      { id: 'say', type: 'reply', config: { text: 'token: {{ $base64encode(secrets.CRM_TOKEN) }}' } },
      { id: 'tk', type: 'ticket', config: { subject: '{{ secrets.A }}', body: 'b {{ $string(secrets.B) }}' } },
    ]);
    const problems = validateFlow(def).problems.filter((p) => p.code === 'secret_out_of_place');
    expect(problems.map((p) => p.path)).toEqual([
      'nodes[1].config.mapping', 'nodes[1].config.body', 'nodes[1].config.successWhen',
      'nodes[2].config.assignments[0].expression', 'nodes[3].config.text', 'nodes[4].config.subject', 'nodes[4].config.body',
    ]);
    expect(problems.every((p) => p.severity === 'error')).toBe(true);
    expect(problems[3]?.message).toMatch(/secrets are sent only in a lookup's URL and headers.*\(secrets\.CRM_TOKEN\)$/);
  });

  it('lets a lookup use them in the URL and headers, and names what each lookup sends where', () => {
    const def = flow([
      { id: 'a', type: 'lookup', config: { kind: 'http', url: 'https://CRM.example.com:8443/c?k={{ secrets.KEY }}', headers: { Authorization: 'Basic {{ $base64encode("u:" & secrets.TOKEN) }}', 'X-Key': '{{ secrets.KEY }}' } } },
      { id: 'b', type: 'lookup', config: { kind: 'http', url: '{{ secrets.API_BASE }}/orders/{{ vars.id }}', headers: {} } },
      { id: 'c', type: 'lookup', config: { kind: 'http', url: 'https://open.example/x', headers: {} } },
    ]);
    const result = validateFlow(def);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(lookupSecretUses(flowDefinitionSchema.parse(def))).toEqual([
      { nodeId: 'a', index: 1, host: 'crm.example.com', secrets: [{ name: 'KEY', path: 'nodes[1].config.url' }, { name: 'TOKEN', path: 'nodes[1].config.headers.Authorization' }] },
      { nodeId: 'b', index: 2, host: null, secrets: [{ name: 'API_BASE', path: 'nodes[2].config.url' }] },
    ]);
  });
});

describe('host binding', () => {
  it('matches exact hosts and *.subdomains, never look-alikes', () => {
    const bound = ['crm.example.com', '*.partner.example', '10.0.0.5', '::1'];
    for (const h of ['crm.example.com', 'CRM.Example.com.', 'eu.partner.example', 'a.b.partner.example', '10.0.0.5', '[::1]']) expect(hostIsBound(h, bound), h).toBe(true);
    for (const h of ['partner.example', 'crm.example.com.evil.example', 'evilcrm.example.com', 'xpartner.example', '10.0.0.50', 'example.com'])
      expect(hostIsBound(h, bound), h).toBe(false);
    expect(secretHostRefusal('T', 'evil.example', bound)).toBe('secret "T" may only be sent to crm.example.com, *.partner.example, 10.0.0.5, ::1, not to evil.example; an admin sets the hosts of a secret (PUT /api/v1/secrets/T)');
  });

  it('binds a base-URL secret with no hosts to its own host, and any other to none', () => {
    expect(effectiveSecretHosts('https://Crm.Example.com/v1', [])).toEqual(['crm.example.com']);
    expect(effectiveSecretHosts('tok_123', [])).toEqual([]);
    expect(effectiveSecretHosts('https://a.example', ['b.example'])).toEqual(['b.example']);
  });

  it('accepts host names, *.domains and IP addresses as bindings', () => {
    for (const e of ['crm.example.com', '*.example.com', '127.0.0.1', '::1', 'localhost']) expect(isValidSecretHost(e), e).toBe(true);
    for (const e of ['', '*', '*.', 'https://crm.example.com', 'crm.example.com/x', 'a b', 'crm.example.com:443', '*.*.example']) expect(isValidSecretHost(e), e).toBe(false);
  });

  it('reads the literal host of a lookup URL, or none when a placeholder could change it', () => {
    expect(literalHost('https://api.example.com/x/{{ vars.id }}')).toBe('api.example.com');
    expect(literalHost('http://u:p@[::1]:8080/')).toBe('::1');
    expect(literalHost('https://api.example.com')).toBe('api.example.com');
    expect(literalHost('{{ secrets.BASE }}/x')).toBeNull();
    expect(literalHost('https://{{ vars.h }}/x')).toBeNull();
  });
});
