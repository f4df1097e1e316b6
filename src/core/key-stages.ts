/** The key stages a device group can be configured for, youngest first. */
export const KEY_STAGES = ['EYFS', 'KS1', 'KS2', 'KS3', 'KS4', 'KS5', 'STAFF'] as const;
export type KeyStage = (typeof KEY_STAGES)[number];

/** Pupil key stages get the statutory category floor; STAFF does not. */
export const PUPIL_KEY_STAGES: readonly KeyStage[] = KEY_STAGES.filter((k) => k !== 'STAFF');

/** Enforced while no valid policy has ever been read: fail closed to the strictest profile. */
export const STRICTEST_KEY_STAGE: KeyStage = 'EYFS';

export const KEY_STAGE_LABELS: Record<KeyStage, string> = {
  EYFS: 'Early Years Foundation Stage (ages 3–5)',
  KS1: 'Key Stage 1 (ages 5–7)',
  KS2: 'Key Stage 2 (ages 7–11)',
  KS3: 'Key Stage 3 (ages 11–14)',
  KS4: 'Key Stage 4 (ages 14–16)',
  KS5: 'Key Stage 5 / sixth form (ages 16–18)',
  STAFF: 'Staff',
};
