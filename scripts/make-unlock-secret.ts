/**
 * Makes the school's unlock secret for the policy (`unlockCodeSecret`) and the otpauth:// address that puts it
 * in an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…):
 *   npx tsx scripts/make-unlock-secret.ts ["Oakfield Primary"]
 * 160 random bits, as RFC 4226 recommends. Anyone with the secret can make codes: give it to staff only,
 * through the app, and keep the printed lines out of email and shared drives.
 */
import { encodeBase32, MIN_TOTP_SECRET_BYTES, otpauthUri } from '../src/core/totp';

const label = process.argv[2]?.trim() || 'Blocked page unlock';
const secret = encodeBase32(crypto.getRandomValues(new Uint8Array(MIN_TOTP_SECRET_BYTES)));
console.log(`unlockCodeSecret (put this in the policy): ${secret}`);
console.log(`Authenticator app (scan as a QR code, or paste): ${otpauthUri(secret, label)}`);
