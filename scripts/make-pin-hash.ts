/**
 * Prints the `unlockPinHash` policy value for an adults' unlock PIN:
 *   npx tsx scripts/make-pin-hash.ts 482615
 * The PIN itself never goes into the policy; only this salted PBKDF2-SHA256 hash does.
 */
import { DEFAULT_PIN_ITERATIONS, makePinHash, PIN_PATTERN } from '../src/core/pin';

const pin = process.argv[2] ?? '';
if (!PIN_PATTERN.test(pin)) {
  console.error('Usage: npx tsx scripts/make-pin-hash.ts <PIN of 6 to 12 digits>');
  process.exit(2);
}
console.log(await makePinHash(pin, DEFAULT_PIN_ITERATIONS));
