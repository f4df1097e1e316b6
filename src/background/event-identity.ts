import type { DeviceIdentity } from '@/src/adapters/device-id';
import { devicePseudonym } from '@/src/core/events/signing';
import type { EffectivePolicy } from '@/src/core/policy/resolve';

/** Used when the policy has no key yet: the pseudonym still hides the device ID. */
const UNKEYED_PSEUDONYM_KEY = 'school-safeguard-unkeyed';

/** Who events say they come from: the device pseudonym under the school's key, and what it was made from. */
export interface EventIdentity {
  device: string;
  deviceIdKind: 'directory' | 'install';
}

/** The school's pseudonym key: `pseudonymKey`, else the version 1 secrets it defaulted to before. */
export function pseudonymKeyOf(endpoint: EffectivePolicy['endpoint']): string {
  return endpoint?.pseudonymKey ?? endpoint?.signingKey ?? endpoint?.token ?? UNKEYED_PSEUDONYM_KEY;
}

export async function eventIdentity(policy: EffectivePolicy, device: DeviceIdentity): Promise<EventIdentity> {
  return { device: await devicePseudonym(pseudonymKeyOf(policy.endpoint), device.id), deviceIdKind: device.kind };
}
