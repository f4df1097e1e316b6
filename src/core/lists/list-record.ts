import { z } from 'zod';
import { CATEGORIES, type Category } from '../categories';
import type { ListFeed } from '../policy/resolve';
import type { ListChunkRef } from '../rules/compiler';
import type { DropReason } from './parse';
import { hashText } from './reduce';

/** What the device remembers about one list feed (its hosts live in separate chunk records). */
export interface ListRecord {
  /** Stable ID from category, format and address. */
  id: string;
  category: Category;
  url: string;
  format: ListFeed['format'];
  name?: string;
  /** The chunks of the last good copy, in order; empty until a download succeeds. */
  chunks: ListChunkRef[];
  /** Bumped on every accepted download; chunk keys carry it, so old and new copies never mix. */
  generation: number;
  domains: number;
  contentHash: string | null;
  /** Over-blocking guard the chunks were filtered with: a different guard means download again. */
  guardSignature: string;
  etag: string | null;
  lastModified: string | null;
  /** Last time the server confirmed or delivered the current copy (the "age" of the list). */
  verifiedAt: string | null;
  /** Last time the current copy's content changed. */
  changedAt: string | null;
  /** Last attempt, successful or not. */
  checkedAt: string | null;
  lastError: string | null;
  lines: number;
  dropped: Partial<Record<DropReason, number>>;
  droppedSamples: { reason: DropReason; line: string }[];
  coveredByParent: number;
  suppressed: number;
  suppressedSamples: string[];
}

/** Status page view of a list: size, age and last error. */
export type ListStatus = Pick<
  ListRecord,
  | 'category'
  | 'url'
  | 'format'
  | 'name'
  | 'domains'
  | 'verifiedAt'
  | 'changedAt'
  | 'checkedAt'
  | 'lastError'
  | 'lines'
  | 'dropped'
  | 'coveredByParent'
  | 'suppressed'
  | 'suppressedSamples'
>;

export function listId(feed: Pick<ListFeed, 'category' | 'format' | 'url'>): string {
  return `list-${hashText(`${feed.category} ${feed.format} ${feed.url}`)}`;
}

export function chunkKey(id: string, generation: number, index: number): string {
  return `${id}/${generation}/${index}`;
}

export function emptyListRecord(feed: ListFeed, guardSignature: string): ListRecord {
  return {
    id: listId(feed),
    category: feed.category,
    url: feed.url,
    format: feed.format,
    ...(feed.name ? { name: feed.name } : {}),
    chunks: [],
    generation: 0,
    domains: 0,
    contentHash: null,
    guardSignature,
    etag: null,
    lastModified: null,
    verifiedAt: null,
    changedAt: null,
    checkedAt: null,
    lastError: null,
    lines: 0,
    dropped: {},
    droppedSamples: [],
    coveredByParent: 0,
    suppressed: 0,
    suppressedSamples: [],
  };
}

export function toListStatus(record: ListRecord): ListStatus {
  const {
    category,
    url,
    format,
    name,
    domains,
    verifiedAt,
    changedAt,
    checkedAt,
    lastError,
    lines,
    dropped,
    coveredByParent,
    suppressed,
    suppressedSamples,
  } = record;
  return {
    category,
    url,
    format,
    ...(name ? { name } : {}),
    domains,
    verifiedAt,
    changedAt,
    checkedAt,
    lastError,
    lines,
    dropped,
    coveredByParent,
    suppressed,
    suppressedSamples,
  };
}

/** True when the list should be downloaded (again) now. */
export function isListDue(record: ListRecord | undefined, guardSignature: string, now: Date, refreshHours: number): boolean {
  if (!record || record.checkedAt === null) return true;
  if (record.guardSignature !== guardSignature) return true;
  const age = now.getTime() - new Date(record.checkedAt).getTime();
  // A failed list is retried sooner than the normal period, but not in a tight loop.
  const period = record.lastError !== null && record.chunks.length === 0 ? Math.min(refreshHours, 1) : refreshHours;
  return !(age >= 0 && age < period * 3_600_000);
}

/**
 * Refuses a download that lost too much compared with the last good copy: a truncated file, an
 * error page served as 200 or a wiped list must not open the filter.
 */
export function shrinkProblem(previousDomains: number, nextDomains: number, guardPercent: number): string | null {
  if (nextDomains === 0) return 'The download held no usable sites.';
  if (previousDomains === 0 || guardPercent === 0) return null;
  if (nextDomains * 100 < previousDomains * guardPercent) {
    return `The download had ${nextDomains} sites, less than ${guardPercent}% of the ${previousDomains} in the last good copy; it looks broken, so the last good copy is still used.`;
  }
  return null;
}

const chunkRef = z.looseObject({
  key: z.string(),
  hash: z.string(),
  count: z.number(),
  first: z.string().optional(),
  last: z.string().optional(),
});

/**
 * A list record as read back from IndexedDB: one written by an older version that does not fit is
 * treated as absent (the list is then downloaded again), never misread. Loose: newer fields are kept.
 */
export const listRecordSchema: z.ZodType<ListRecord> = z.looseObject({
  id: z.string(),
  category: z.enum(CATEGORIES),
  url: z.string(),
  format: z.enum(['domains', 'hosts', 'adblock']),
  name: z.string().optional(),
  chunks: z.array(chunkRef),
  generation: z.number(),
  domains: z.number(),
  contentHash: z.string().nullable(),
  guardSignature: z.string(),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  changedAt: z.string().nullable(),
  checkedAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lines: z.number(),
  dropped: z.record(z.string(), z.number()) as unknown as z.ZodType<ListRecord['dropped']>,
  droppedSamples: z.array(z.looseObject({ reason: z.string(), line: z.string() })) as unknown as z.ZodType<ListRecord['droppedSamples']>,
  coveredByParent: z.number(),
  suppressed: z.number(),
  suppressedSamples: z.array(z.string()),
});
