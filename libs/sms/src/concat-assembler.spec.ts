import { describe, expect, it } from 'vitest';
import { ConcatAssembler } from './concat-assembler';
import type { InboundMessage } from './providers/inbound-message';

const part = (n: number, text: string, over: Partial<InboundMessage> = {}): InboundMessage => ({
  providerMessageId: `p${n}`, from: '+447700900001', to: '+447700900999', text,
  concat: { ref: '42', total: 3, part: n }, raw: { n }, ...over,
});

describe('ConcatAssembler', () => {
  it('releases the whole text in part order once every part arrived, whatever the arrival order', () => {
    const asm = new ConcatAssembler();
    expect(asm.add(part(3, 'three'))).toBeNull();
    expect(asm.add(part(1, 'one '))).toBeNull();
    expect(asm.pending).toBe(1);
    const whole = asm.add(part(2, 'two '));
    expect(whole).toMatchObject({ providerMessageId: 'p1', text: 'one two three', segments: 3, partIds: ['p1', 'p2', 'p3'] });
    expect(whole?.concat).toBeUndefined();
    expect(asm.pending).toBe(0);
  });

  it('passes non-concatenated messages straight through', () => {
    const asm = new ConcatAssembler();
    const single = { ...part(1, 'hi'), concat: undefined };
    expect(asm.add(single)).toBe(single);
  });

  it('ignores a retried part and keeps senders and refs apart', () => {
    const asm = new ConcatAssembler();
    asm.add(part(1, 'a'));
    asm.add(part(1, 'DUPLICATE'));
    asm.add(part(1, 'x', { from: '+447700900002' }));
    asm.add(part(2, 'b'));
    expect(asm.add(part(3, 'c'))?.text).toBe('abc');
    expect(asm.pending).toBe(1);
  });

  it('hands back expired incomplete groups with what is missing', () => {
    let now = 1_000;
    const asm = new ConcatAssembler({ timeoutMs: 30_000, now: () => now });
    asm.add(part(1, 'one '));
    asm.add(part(3, 'three'));
    now += 29_999;
    expect(asm.takeExpired()).toEqual([]);
    now += 1;
    const [group, ...rest] = asm.takeExpired();
    expect(rest).toEqual([]);
    expect(group).toMatchObject({ from: '+447700900001', ref: '42', total: 3, missing: [2] });
    expect(group?.parts.map((p) => p.text)).toEqual(['one ', 'three']);
    expect(asm.pending).toBe(0);
  });

  it('rejects impossible part numbers', () => {
    const asm = new ConcatAssembler();
    expect(() => asm.add(part(4, 'x'))).toThrow('concat.part: must be an integer from 1 to 3, got 4');
    expect(() => asm.add({ ...part(1, 'x'), concat: { ref: '1', total: 0, part: 1 } })).toThrow('concat.total');
  });
});
