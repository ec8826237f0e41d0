/**
 * Figures for the validator (run on every editor autosave and every publish) and a demonstration
 * that what regex-safety rejects really is exponential while what it accepts stays fast.
 * Run: npm run bench -w libs/flow-spec
 */
import { compileLinearRegex, joinDemoFlow, validateFlow, type FlowDefinitionInput } from '../src/index';

function measure(label: string, fn: () => void, minMs = 1000): void {
  for (let i = 0; i < 20; i++) fn(); // warm-up: JIT and the JSON Schema/regex caches
  const samples: number[] = [];
  const start = performance.now();
  while (performance.now() - start < minMs) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const total = performance.now() - start;
  const p99 = samples[Math.floor(samples.length * 0.99)] ?? 0;
  console.log(`${label.padEnd(44)} ${(samples.length / (total / 1000)).toFixed(0).padStart(8)} ops/s   p99 ${p99.toFixed(3)} ms`);
}

/** A long chain of match → reply → wait blocks: `size` nodes, every check has work to do. */
function bigFlow(blocks: number): FlowDefinitionInput {
  const nodes: FlowDefinitionInput['nodes'] = [{ id: 'start', type: 'trigger', config: { keywords: ['GO'] } }];
  const edges: FlowDefinitionInput['edges'] = [];
  let prev = 'start';
  let handle = 'next';
  for (let i = 0; i < blocks; i++) {
    nodes.push(
      { id: `m${i}`, type: 'match', config: { input: 'vars.reply', cases: [{ id: 'yes', mode: 'first_word', values: ['YES'] }, { id: 'num', mode: 'regex', pattern: '^\\d{1,6}$' }] } },
      { id: `r${i}`, type: 'reply', config: { text: `Step ${i}: hi {{ contact.name ? contact.name : "there" }}` } },
      { id: `w${i}`, type: 'wait', config: { timeoutSeconds: 60 } },
    );
    edges.push(
      { id: `a${i}`, source: prev, sourceHandle: handle, target: `m${i}` },
      { id: `b${i}`, source: `m${i}`, sourceHandle: 'yes', target: `r${i}` },
      { id: `c${i}`, source: `m${i}`, sourceHandle: 'num', target: `r${i}` },
      { id: `d${i}`, source: `m${i}`, sourceHandle: 'other', target: `r${i}` },
      { id: `e${i}`, source: `r${i}`, target: `w${i}` },
      { id: `f${i}`, source: `w${i}`, sourceHandle: 'timeout', target: `r${i}` },
    );
    prev = `w${i}`;
    handle = 'reply';
  }
  nodes.push({ id: 'end', type: 'end', config: {} });
  edges.push({ id: 'last', source: prev, sourceHandle: handle, target: 'end' });
  return { specVersion: 1, nodes, edges };
}

const big = bigFlow(200);
const check = validateFlow(big);
if (!check.ok) throw new Error(`bench flow is invalid: ${JSON.stringify(check.problems.slice(0, 3))}`);

console.log('validateFlow');
measure('join demo (12 nodes)', () => validateFlow(joinDemoFlow));
measure(`generated flow (${big.nodes.length} nodes, ${big.edges.length} edges)`, () => validateFlow(big));

console.log('\ncompileLinearRegex');
// A counter makes every pattern new, so this measures compiling, not the result cache.
let k = 0;
measure('compile ^(\\d{1,3}\\.){3}\\d{1,3}x<k>$ (uncached)', () => compileLinearRegex(`^(\\d{1,3}\\.){3}\\d{1,3}x${k++}$`));
measure('refuse (\\w)\\1x<k> (uncached)', () => compileLinearRegex(`(\\w)\\1x${k++}`));

console.log('\nwhy: one exec() on "NAME " + "a"×n + "!" with ^(\\w+\\s?){1,10}$ (the probe\'s SMS)');
const linear = compileLinearRegex('^(\\w+\\s?){1,10}$');
if (!linear.ok) throw new Error(linear.message);
const backtracking = /^(\w+\s?){1,10}$/iu;
for (const n of [16, 20, 24]) {
  const input = `NAME ${'a'.repeat(n)}!`;
  const t0 = performance.now();
  linear.regex.exec(input);
  const t1 = performance.now();
  backtracking.exec(input);
  const t2 = performance.now();
  console.log(`n=${String(n).padStart(2)}   linear ${(t1 - t0).toFixed(3).padStart(9)} ms   native backtracking ${(t2 - t1).toFixed(1).padStart(9)} ms`);
}
