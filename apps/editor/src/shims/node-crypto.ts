/**
 * Browser stand-in for `node:crypto`. The pure libs the editor imports (sms, flow-engine) use it
 * for webhook signatures and hashing, which the editor never calls; ids use Web Crypto. Anything
 * else fails loudly instead of producing a wrong signature.
 */
function unavailable(name: string): never {
  throw new Error(`node:crypto ${name} is not available in the editor (browser)`);
}

export function randomUUID(): string {
  return globalThis.crypto.randomUUID();
}
export function createHash(_algorithm: string): never { return unavailable('createHash'); }
export function createHmac(_algorithm: string, _key: unknown): never { return unavailable('createHmac'); }
export function timingSafeEqual(_a: unknown, _b: unknown): never { return unavailable('timingSafeEqual'); }
