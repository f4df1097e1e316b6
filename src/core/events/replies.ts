import { z } from 'zod';
import { DEVICE_ERROR_CODES, registrationReplySchema, type DeviceErrorCode } from './schema-v2';

/**
 * What the device does with each answer of a version 2 endpoint: the tables of docs/wire-format-v2.md,
 * as code. Pure, so every row is unit-tested; the sender only carries the outcomes out.
 */

/** A receiver's answer, as far as the device reads it. */
export interface Reply {
  status: number;
  contentType: string | null;
  text: string;
  /** The Retry-After header (429, 503), if any. */
  retryAfter: string | null;
}

export type BackOff = {
  kind: 'back-off';
  /** The endpoint's machine-readable refusal, when it gave one the device knows. */
  code: DeviceErrorCode | null;
  /** For the status page, in plain words. */
  message: string;
  /** At least this long before the next try (Retry-After), when the endpoint said. */
  minDelayMs: number | null;
};

export type SendOutcome =
  | { kind: 'delivered'; heldBack: boolean }
  | { kind: 'register-again'; code: 'unknown-device' }
  | { kind: 'new-key'; code: 'device-revoked' }
  | { kind: 'new-nonce'; code: 'replay' }
  | BackOff;

export type RegistrationOutcome =
  { kind: 'registered'; state: 'active' | 'pending' } | { kind: 'new-key'; code: 'device-revoked' } | BackOff;

const batchReplySchema = z.object({
  accepted: z.int().min(0),
  duplicates: z.int().min(0),
  heldBack: z.int().min(0).optional(),
});

const errorReplySchema = z.object({ error: z.enum(DEVICE_ERROR_CODES) });

/** Plain words for each refusal, shown on the status page. */
export const REFUSAL_WORDS: Record<DeviceErrorCode, string> = {
  'bad-token': 'The endpoint refused the enrolment token: check endpoint.enrolmentToken (or endpoint.token) in the policy.',
  'unknown-device': "The endpoint did not know this device's key (its records may have been replaced), so the device registered it again.",
  'device-revoked': "The school revoked this device's key. The device made a new one, which waits for approval in the device register.",
  'bad-signature': "The endpoint could not verify this device's signature.",
  'stale-signature': "The endpoint refused the signature's time: this device's clock is more than 5 minutes out.",
  replay: 'The endpoint had seen this request before; the device sent it again with a new nonce.',
  'invalid-body': 'The endpoint refused the events as not in the format it expects; they stay on this device.',
};

/** Longest wait a Retry-After may ask for; beyond it the usual backoff cap applies. */
const MAX_RETRY_AFTER_MS = 60 * 60_000;

function parseJson(reply: Reply): unknown {
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(reply.contentType ?? '')) return undefined;
  try {
    return JSON.parse(reply.text);
  } catch {
    return undefined;
  }
}

/** Retry-After in seconds (the form receivers use for 429 and 503); a date form is ignored. */
function retryAfterMs(value: string | null): number | null {
  const seconds = value?.trim() ?? '';
  return /^\d{1,7}$/.test(seconds) && Number(seconds) > 0 ? Math.min(Number(seconds) * 1000, MAX_RETRY_AFTER_MS) : null;
}

function snippet(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

function backOff(reply: Reply, code: DeviceErrorCode | null = null): BackOff {
  const said = snippet(reply.text);
  const message = code
    ? `${REFUSAL_WORDS[code]} (answer ${reply.status}${code === 'invalid-body' && said ? `: ${said}` : ''})`
    : `The endpoint answered ${reply.status}${said ? `: ${said}` : ''}`;
  return { kind: 'back-off', code, message, minDelayMs: retryAfterMs(reply.retryAfter) };
}

const NOT_AN_ACKNOWLEDGEMENT =
  'The endpoint answered with something other than an acknowledgement (a wrong address, or a network login page?); the events stay on this device.';

function refusalCode(reply: Reply): DeviceErrorCode | null {
  const parsed = errorReplySchema.safeParse(parseJson(reply));
  return parsed.success ? parsed.data.error : null;
}

/** The answer to a signed batch (docs/wire-format-v2.md, "Sending events"). */
export function interpretBatchReply(reply: Reply): SendOutcome {
  if (reply.status === 200 || reply.status === 202) {
    const parsed = batchReplySchema.safeParse(parseJson(reply));
    if (!parsed.success) return { kind: 'back-off', code: null, message: NOT_AN_ACKNOWLEDGEMENT, minDelayMs: null };
    return { kind: 'delivered', heldBack: reply.status === 202 };
  }
  const code = refusalCode(reply);
  if (reply.status === 401 && code === 'unknown-device') return { kind: 'register-again', code };
  if (reply.status === 403 && code === 'device-revoked') return { kind: 'new-key', code };
  if (reply.status === 409 && code === 'replay') return { kind: 'new-nonce', code };
  return backOff(reply, code);
}

/** The answer to POST …/register for the key `keyId` (docs/wire-format-v2.md, "Registration"). */
export function interpretRegistrationReply(reply: Reply, keyId: string): RegistrationOutcome {
  if (reply.status === 200 || reply.status === 201 || reply.status === 202) {
    const parsed = registrationReplySchema.safeParse(parseJson(reply));
    if (!parsed.success || parsed.data.keyId !== keyId)
      return { kind: 'back-off', code: null, message: NOT_AN_ACKNOWLEDGEMENT, minDelayMs: null };
    return { kind: 'registered', state: parsed.data.status };
  }
  const code = refusalCode(reply);
  if (reply.status === 403 && code === 'device-revoked') return { kind: 'new-key', code };
  return backOff(reply, code);
}
