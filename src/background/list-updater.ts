import type { ListStore } from '@/src/adapters/list-store';
import type { Category } from '@/src/core/categories';
import { ILLEGAL_CATEGORY } from '@/src/core/categories';
import { createOverBlockingGuard, type OverBlockingGuard } from '@/src/core/lists/guard';
import {
  chunkKey,
  emptyListRecord,
  isListDue,
  listId,
  shrinkProblem,
  toListStatus,
  type ListRecord,
  type ListStatus,
} from '@/src/core/lists/list-record';
import { createListParser } from '@/src/core/lists/parse';
import { createHostReducer, hashText } from '@/src/core/lists/reduce';
import type { EffectivePolicy, ListFeed } from '@/src/core/policy/resolve';
import { CHROME_DNR_LIMITS } from '@/src/core/rules/chrome-limits';
import type { ListChunkRef } from '@/src/core/rules/compiler';

export interface ListUpdaterDeps {
  store: ListStore;
  fetch: typeof fetch;
  now(): Date;
  /** Hosts per stored chunk (one DNR rule pair each). */
  chunkSize?: number;
}

export interface ListUpdateResult {
  /** True when any enforced list content changed (or a list was removed): rules need refreshing. */
  changed: boolean;
}

export interface ListUpdater {
  /** Downloads the lists that are due (all of them with `force`), and forgets lists no longer configured. */
  update(policy: EffectivePolicy, options?: { force?: boolean }): Promise<ListUpdateResult>;
  /** The stored chunks of the policy's lists, by category, for the compiler. */
  chunksFor(policy: EffectivePolicy): Promise<Partial<Record<Category, ListChunkRef[]>>>;
  statuses(policy: EffectivePolicy): Promise<ListStatus[]>;
}

/** No list is this big; a bigger body is an error page or an attack on the device's memory. */
export const MAX_LIST_BYTES = 400 * 1024 * 1024;

export function createListUpdater(deps: ListUpdaterDeps): ListUpdater {
  const chunkSize = deps.chunkSize ?? CHROME_DNR_LIMITS.maxDomainsPerRule;
  let queue: Promise<unknown> = Promise.resolve();

  const guardFor = (policy: EffectivePolicy, feed: ListFeed): OverBlockingGuard | null =>
    feed.category === ILLEGAL_CATEGORY ? null : createOverBlockingGuard(policy.protectedDomains);

  async function updateOnce(policy: EffectivePolicy, force: boolean): Promise<ListUpdateResult> {
    let changed = false;
    const wanted = new Set(policy.lists.map(listId));
    for (const record of await deps.store.all()) {
      if (!wanted.has(record.id)) {
        await deps.store.delete(record.id);
        changed = true;
      }
    }
    // One at a time: a low-end Chromebook should hold only one list in memory.
    for (const feed of policy.lists) {
      const guard = guardFor(policy, feed);
      const signature = guard?.signature ?? 'none';
      const record = (await deps.store.get(listId(feed))) ?? emptyListRecord(feed, signature);
      if (!force && !isListDue(record, signature, deps.now(), policy.listRefreshHours)) continue;
      if (await downloadList(deps, chunkSize, feed, record, guard, policy.listShrinkGuardPercent)) changed = true;
    }
    return { changed };
  }

  return {
    update(policy, options = {}) {
      const run = queue.then(() => updateOnce(policy, options.force ?? false));
      queue = run.catch(() => undefined);
      return run;
    },
    async chunksFor(policy) {
      const out: Partial<Record<Category, ListChunkRef[]>> = {};
      for (const feed of policy.lists) {
        const record = await deps.store.get(listId(feed));
        if (!record || record.chunks.length === 0) continue;
        (out[feed.category] ??= []).push(...record.chunks);
      }
      return out;
    },
    async statuses(policy) {
      const out: ListStatus[] = [];
      for (const feed of policy.lists) {
        const record = await deps.store.get(listId(feed));
        out.push(toListStatus(record ?? emptyListRecord(feed, '')));
      }
      return out;
    },
  };
}

/**
 * Fetches one list (conditionally), streams it through the parser and reducer into new chunk
 * records, and switches the list record over only when the result is acceptable. Returns whether
 * the enforced content changed. Never throws: every failure is kept as `lastError`.
 */
async function downloadList(
  deps: ListUpdaterDeps,
  chunkSize: number,
  feed: ListFeed,
  record: ListRecord,
  guard: OverBlockingGuard | null,
  shrinkGuardPercent: number,
): Promise<boolean> {
  const checkedAt = deps.now().toISOString();
  const signature = guard?.signature ?? 'none';
  const fail = async (message: string) => {
    await deps.store.put({ ...record, checkedAt, lastError: message });
    return false;
  };
  const sameGuard = record.guardSignature === signature && record.chunks.length > 0;
  const headers: Record<string, string> = {};
  if (sameGuard && record.etag) headers['if-none-match'] = record.etag;
  if (sameGuard && record.lastModified) headers['if-modified-since'] = record.lastModified;

  let response: Response;
  try {
    response = await deps.fetch(feed.url, { headers, cache: 'no-store', credentials: 'omit', redirect: 'follow' });
  } catch (error) {
    return fail(`Download failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status === 304 && sameGuard) {
    await deps.store.put({ ...record, checkedAt, verifiedAt: checkedAt, lastError: null });
    return false;
  }
  if (!response.ok || !response.body) return fail(`Download failed: the server answered HTTP ${response.status}.`);

  const generation = record.generation + 1;
  const reducer = createHostReducer({ chunkSize, ...(guard ? { guard: (host) => guard.isSuppressed(host) } : {}) });
  const parser = createListParser(feed.format, (host) => reducer.add(host));
  let bytes = 0;
  try {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (bytes > MAX_LIST_BYTES) {
        await reader.cancel();
        return fail(`The list is larger than ${MAX_LIST_BYTES / 1024 / 1024} MB; it was not used.`);
      }
      parser.push(value);
    }
  } catch (error) {
    return fail(`Download broke off: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parser.end();

  const chunks: ListChunkRef[] = [];
  const iterator = reducer.chunks();
  let reduced;
  try {
    for (;;) {
      const step = iterator.next();
      if (step.done) {
        reduced = step.value;
        break;
      }
      const key = chunkKey(record.id, generation, step.value.index);
      await deps.store.putChunk({ key, hash: step.value.hash, count: step.value.count, text: step.value.text });
      chunks.push({ key, hash: step.value.hash, count: step.value.count, first: step.value.first, last: step.value.last });
    }
  } catch (error) {
    await deps.store.deleteGeneration(record.id, generation);
    return fail(`Could not store the list: ${error instanceof Error ? error.message : String(error)}`);
  }

  const contentHash = hashText(chunks.map((c) => c.hash).join(' '));
  const problem = shrinkProblem(record.domains, reduced.output, shrinkGuardPercent);
  const details = {
    lines: parsed.lines,
    dropped: parsed.dropped,
    droppedSamples: parsed.droppedSamples,
    coveredByParent: reduced.coveredByParent,
    suppressed: reduced.suppressed,
    suppressedSamples: reduced.suppressedSamples,
  };
  if (problem !== null) {
    await deps.store.deleteGeneration(record.id, generation);
    return fail(problem);
  }
  const validators = { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
  if (contentHash === record.contentHash && record.guardSignature === signature) {
    // Same content under new validators: keep the installed chunks (and their keys).
    await deps.store.deleteGeneration(record.id, generation);
    await deps.store.put({ ...record, ...validators, ...details, checkedAt, verifiedAt: checkedAt, lastError: null });
    return false;
  }
  await deps.store.put({
    ...record,
    ...validators,
    ...details,
    chunks,
    generation,
    domains: reduced.output,
    contentHash,
    guardSignature: signature,
    verifiedAt: checkedAt,
    changedAt: checkedAt,
    checkedAt,
    lastError: null,
  });
  // The copy before the previous one goes now; the previous one stays one more cycle, because a
  // refresh that started before this switch may still be reading its chunks.
  if (record.generation > 1) await deps.store.deleteGeneration(record.id, record.generation - 1);
  return true;
}
