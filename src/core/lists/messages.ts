import { z } from 'zod';

/** Status page → background: download every list feed now, ignoring the refresh period. */
export const listsCheckNowMessage = z.object({ type: z.literal('lists-check-now') }).strict();
export type ListsCheckNowMessage = z.infer<typeof listsCheckNowMessage>;

export function isListsCheckNowMessage(value: unknown): value is ListsCheckNowMessage {
  return listsCheckNowMessage.safeParse(value).success;
}
