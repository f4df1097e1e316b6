import { describe, expect, it } from 'vitest';
import { compileRules } from '../rules/compiler';
import { resolvePolicy } from './resolve';
import { POLICY_KEYS } from './schema';

/** A small deterministic PRNG so a failure can be replayed from its seed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

const NASTY_STRINGS = [
  '',
  ' ',
  'KS2',
  'EYFS',
  'STAFF',
  'ks2',
  'example.com',
  'xn--',
  '..',
  '*.',
  'http://',
  '<script>alert(1)</script>',
  'a'.repeat(300),
  '\u0000',
  '😀.example',
  'пример.рф',
  '1.2.3.4',
  '[::1]',
  'co.uk',
  'javascript:alert(1)',
  '__proto__',
  'constructor',
  'strict',
  'off',
  'illegal',
  'pornography',
];

function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 2 ? 5 : 8));
  switch (pick) {
    case 0:
      return NASTY_STRINGS[Math.floor(next() * NASTY_STRINGS.length)];
    case 1:
      return Math.floor(next() * 1e6) * (next() < 0.5 ? -1 : 1);
    case 2:
      return next() < 0.5;
    case 3:
      return null;
    case 4:
      return undefined;
    case 5:
      return Array.from({ length: Math.floor(next() * 5) }, () => randomValue(next, depth + 1));
    default: {
      const keys = [...POLICY_KEYS, 'category', 'domains', 'role', 'name', 'url', 'token', 'KS2', 'EYFS', '__proto__'];
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 6); i > 0; i--) out[keys[Math.floor(next() * keys.length)]!] = randomValue(next, depth + 1);
      return out;
    }
  }
}

describe('policy fuzzing', () => {
  it('never throws, and whatever it accepts compiles within limits without throwing', () => {
    let valid = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const next = rng(seed);
      const raw = randomValue(next, 0) as Record<string, unknown>;
      // Half the time make it likely to pass the key-stage check, to exercise the deeper paths.
      if (next() < 0.5 && raw && typeof raw === 'object' && !Array.isArray(raw)) raw.keyStage = ['EYFS', 'KS2', 'KS5', 'STAFF'][seed % 4];
      let result;
      try {
        result = resolvePolicy(raw);
      } catch (error) {
        throw new Error(`seed ${seed} threw: ${String(error)} for ${JSON.stringify(raw)}`);
      }
      expect(['empty', 'invalid', 'valid']).toContain(result.kind);
      if (result.kind === 'invalid') expect(result.issues.length).toBeGreaterThan(0);
      if (result.kind === 'valid') {
        valid++;
        expect(result.policy.categories).toContain('illegal');
        const compiled = compileRules({ policy: result.policy, blockPageUrl: 'chrome-extension://x/blocked.html' });
        expect(new Set(compiled.rules.map((r) => r.id)).size).toBe(compiled.rules.length);
      }
    }
    // The generator must actually reach the valid path, or this test proves little.
    expect(valid).toBeGreaterThan(100);
  });
});
