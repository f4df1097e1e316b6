import { z } from 'zod';
import { EVENT_CATEGORIES, SEVERITIES, type EventCategory, type Severity } from '../../src/core/alert-categories';
import type { Queryable } from './db';

/**
 * What a school can tune: how serious each category is, when repeated blocks become a concern, how close in
 * time events join one concern, when a device counts as silent, and default due dates. Stored in the
 * `settings` table; the defaults follow the issue (high: illegal, self-harm, extremism, grooming; medium:
 * the other floor categories and harm alerts; low: the rest).
 */
const HIGH: readonly EventCategory[] = ['illegal', 'self-harm', 'extremism', 'grooming'];
const LOW: readonly EventCategory[] = ['social-networks', 'dating', 'chat', 'webmail', 'games'];

export const DEFAULT_CATEGORY_SEVERITY = Object.fromEntries(
  EVENT_CATEGORIES.map((c) => [c, HIGH.includes(c) ? 'high' : LOW.includes(c) ? 'low' : 'medium']),
) as Record<EventCategory, Severity>;

const severity = z.enum(SEVERITIES);
export const workspaceSettingsSchema = z
  .object({
    categorySeverity: z.record(z.enum(EVENT_CATEGORIES), severity),
    repeatThreshold: z.int().min(2).max(100).describe('Blocked visits in one category, on one device, that open a concern.'),
    repeatWindowMinutes: z.int().min(1).max(1440).describe('…within this many minutes.'),
    groupWindowMinutes: z.int().min(5).max(10_080).describe('Events this close to an open concern join it.'),
    silentAfterHours: z.int().min(1).max(2160).describe('A device not heard from for this long raises a "device silent" concern.'),
    dueDays: z.object({ high: z.int().min(0).max(60), medium: z.int().min(0).max(60), low: z.int().min(0).max(60) }).strict(),
  })
  .strict();
export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

export const DEFAULT_SETTINGS: WorkspaceSettings = {
  categorySeverity: DEFAULT_CATEGORY_SEVERITY,
  repeatThreshold: 3,
  repeatWindowMinutes: 30,
  groupWindowMinutes: 120,
  silentAfterHours: 7 * 24,
  dueDays: { high: 0, medium: 2, low: 7 },
};

const SETTINGS_KEY = 'workspace';

/** The school's settings over the defaults (a category added in a later version takes its default). */
export async function loadSettings(db: Queryable): Promise<WorkspaceSettings> {
  const [row] = await db.query<{ value: unknown }>('select value from settings where key = $1', [SETTINGS_KEY]);
  const stored = workspaceSettingsSchema.partial().safeParse(row?.value ?? {});
  const value = stored.success ? stored.data : {};
  return {
    ...DEFAULT_SETTINGS,
    ...value,
    categorySeverity: { ...DEFAULT_CATEGORY_SEVERITY, ...value.categorySeverity },
  };
}

export async function saveSettings(db: Queryable, settings: WorkspaceSettings, actor: string, now: Date): Promise<void> {
  await db.query(
    `insert into settings (key, value, updated_at, updated_by) values ($1, $2, $3, $4)
     on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [SETTINGS_KEY, JSON.stringify(workspaceSettingsSchema.parse(settings)), now, actor],
  );
}

/** A server secret kept in the database (made once), such as the cookie-signing key. */
export async function storedSecret(db: Queryable, key: string, make: () => string): Promise<string> {
  const candidate = make();
  await db.query(
    "insert into settings (key, value, updated_at, updated_by) values ($1, $2, now(), 'server') on conflict (key) do nothing",
    [key, JSON.stringify(candidate)],
  );
  const [row] = await db.query<{ value: unknown }>('select value from settings where key = $1', [key]);
  return typeof row?.value === 'string' ? row.value : candidate;
}
