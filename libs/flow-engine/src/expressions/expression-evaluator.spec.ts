import { describe, expect, it } from 'vitest';
import { defaultExpressionLimits, ExpressionError, ExpressionEvaluator, renderTemplate, templateText } from './expression-evaluator';

const ctx = { contact: { name: 'Ada', fields: { city: 'Paris' } }, vars: { n: 3, list: [1, 2, 3] }, message: { text: 'hi' } };

describe('ExpressionEvaluator', () => {
  it('compiles each source once and keeps at most cacheSize entries', () => {
    const ev = new ExpressionEvaluator({ ...defaultExpressionLimits, cacheSize: 2 });
    const a = ev.compile('vars.n + 1');
    expect(ev.compile('vars.n + 1')).toBe(a);
    ev.compile('vars.n + 2');
    ev.compile('vars.n + 3'); // evicts the least recently used: "vars.n + 1"
    expect(ev.compile('vars.n + 1')).not.toBe(a);
  });

  it('evaluates through jsonata when the fast path declines, returning plain JSON', async () => {
    const ev = new ExpressionEvaluator();
    const v = await ev.evaluate('vars.list.($ * 2)', ctx);
    expect(v).toEqual([2, 4, 6]);
    expect(Object.keys(v as object)).toEqual(['0', '1', '2']); // no jsonata sequence markers left
    expect(await ev.evaluate('$uppercase(contact.name)', ctx)).toBe('ADA');
    expect(await ev.evaluate('function($x){ $x }', ctx)).toBeUndefined();
  });

  it('reports a syntax error with the source and position, every time (errors are cached too)', async () => {
    const ev = new ExpressionEvaluator();
    for (let i = 0; i < 2; i++) {
      const err = await ev.evaluate('vars.n +', ctx).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ExpressionError);
      expect((err as Error).message).toMatch(/^`vars.n \+`: does not compile: .+\(at character \d+\)$/);
    }
  });

  it('stops an infinite recursion (depth guard) and a long loop (time guard)', async () => {
    const ev = new ExpressionEvaluator({ ...defaultExpressionLimits, timeoutMs: 30, maxDepth: 50 });
    // not a tail call, so jsonata cannot turn it into a loop: the depth guard trips
    const deep = await ev.evaluate('($f := function($n){ $n > 100000 ? $n : 1 + $f($n + 1) }; $f(0))', ctx).catch((e: unknown) => e);
    expect((deep as Error).message).toMatch(/D1011: Stack overflow/);
    // a tail call runs as a loop: the time guard trips
    const loop = await ev.evaluate('($f := function($n){ $f($n + 1) }; $f(0))', ctx).catch((e: unknown) => e);
    expect((loop as Error).message).toMatch(/D1012: Evaluation timeout after 30 milliseconds/);
    const started = Date.now();
    const slow = await ev.evaluate('$reduce([1..10000], function($a, $i) { $reduce([1..10000], function($b, $j) { $b + $j }, $a) }, 0)', ctx).catch((e: unknown) => e);
    expect((slow as Error).message).toMatch(/D1012|timeout/i);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('matches /…/ regexes in linear time: the probe\'s catastrophic patterns answer at once', async () => {
    const ev = new ExpressionEvaluator();
    const text = `NAME ${'a'.repeat(20_000)}!`;
    // each of these takes a backtracking engine longer than the test run from ~30 characters on
    for (const re of ['/(a+)+$/', '/^(\\w+\\s?){1,10}$/', '/(.*){10}#/', '/(\\d+){2,10}x/'])
      expect(await ev.evaluate(`$contains(message.text, ${re})`, { message: { text } })).toBe(false);
    expect(await ev.evaluate('$match(message.text, /(a+)+$/).match', { message: { text: 'baaa' } })).toBe('aaa');
    expect(await ev.evaluate('$match("a1b22c333", /[0-9]+/).match', {})).toEqual(['1', '22', '333']);
    expect(await ev.evaluate('$split("a1b22c", /[0-9]+/)', {})).toEqual(['a', 'b', 'c']);
    expect(await ev.evaluate('$match("x", /a*/)', {}).catch((e: Error) => e.message)).toMatch(/D1004/);
  });

  it('refuses /…/ regexes the linear-time engine cannot run, naming why', async () => {
    const ev = new ExpressionEvaluator();
    await expect(ev.evaluate('$match(message.text, /(a)\\1/)', { message: { text: 'aa' } })).rejects.toThrow(/regex \/\(a\)\\1\/ refused: .*backreference/);
    await expect(ev.evaluate('$contains(message.text, /(?=a)a/)', { message: { text: 'aa' } })).rejects.toThrow(/lookahead or lookbehind/);
    expect(await ev.evaluate('$match(message.text, /[A-Z]{2}[0-9]{6}/i).match', { message: { text: 'order ab123456' } })).toBe('ab123456');
    expect(await ev.evaluate('$replace("a-b-c", /-/, "+")', {})).toBe('a+b+c');
  });

  it('rejects results larger than maxOutputChars', async () => {
    const ev = new ExpressionEvaluator({ ...defaultExpressionLimits, maxOutputChars: 100 });
    await expect(ev.evaluate('$pad("", 101, "x")', ctx)).rejects.toThrow(/101 characters, more than the 100 allowed/);
    await expect(ev.evaluate('[1..60]', ctx)).rejects.toThrow(/characters of JSON, more than the 100 allowed/);
    expect(await ev.evaluate('$pad("", 100, "x")', ctx)).toHaveLength(100);
  });
});

describe('templates', () => {
  it('renders missing values as empty text, objects as JSON, numbers without float noise', async () => {
    expect(await renderTemplate('Hi {{ contact.nick }}!', ctx)).toBe('Hi !');
    expect(await renderTemplate('{{ contact.fields }}', ctx)).toBe('{"city":"Paris"}');
    expect(await renderTemplate('{{ 0.1 + 0.2 }} {{ true }} {{ null }}', ctx)).toBe('0.3 true ');
    expect(await renderTemplate('no placeholders', ctx)).toBe('no placeholders');
    expect(templateText(undefined)).toBe('');
  });

  it('keeps braces and "}}" inside strings of an expression', async () => {
    expect(await renderTemplate('{{ {"a": {"b": 1}}.a.b }}', ctx)).toBe('1');
    expect(await renderTemplate('{{ "}}" }}', ctx)).toBe('}}');
  });

  it('names the placeholder and where it is when a template is wrong', async () => {
    await expect(renderTemplate('Hello {{ contact.name', ctx)).rejects.toThrow(/unclosed "\{\{" at character 7/);
    await expect(renderTemplate('x {{ }}', ctx)).rejects.toThrow(/empty placeholder "\{\{ \}\}" at character 3/);
    await expect(renderTemplate('ok {{ $sum("a") }}', ctx)).rejects.toThrow(/\{\{ \$sum\("a"\) \}\} at character 4 failed: T0412/);
  });

  it('lists the secrets a template refers to', () => {
    const ev = new ExpressionEvaluator();
    expect(ev.secretsIn('https://x/?k={{ secrets.API_KEY }}&t={{secrets.TOKEN}}&p={{ contact.phone }}')).toEqual(['API_KEY', 'TOKEN']);
  });
});

describe('ExpressionEvaluator size caps (what feeds native calls)', () => {
  const ev = new ExpressionEvaluator();
  const fail = (source: string) => ev.evaluate(source, { message: { text: 'x' } }).then(() => 'no error', (e: Error) => e.message);

  it("refuses the probe's range before allocating it, naming the limit", async () => {
    expect(await fail('$count($distinct([1..80000]))')).toMatch(/more than the 10000 items an expression may build/);
    expect(await fail('[1..1000000]')).toMatch(/10000 items/);
    expect(await ev.evaluate('$count([1..10000])', {})).toBe(10000);
  });

  it('refuses strings and lists built past their caps', async () => {
    expect(await fail('$pad("", 100001, "x")')).toMatch(/computed text of 100001 characters is longer than the 100000/);
    expect(await fail('$split($pad("", 20000, "x"), "")')).toMatch(/computed list of 20000 items is longer than the 10000/);
    expect(await ev.evaluate('$length($pad("", 50000, "x") & "y")', {})).toBe(50001);
  });
});
