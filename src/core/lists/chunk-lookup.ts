import type { ListChunkRef } from '../rules/compiler';
import { selfAndParents } from '../domain';
import { toKey } from './reduce';

/**
 * The chunks of a list that may hold `host` or one of its parents (which would cover it). Chunks
 * hold hosts in sort-key order and cover disjoint ranges, so usually one or two qualify; a chunk
 * stored without its range always qualifies.
 */
export function chunksThatMayHold(chunks: readonly ListChunkRef[], host: string): ListChunkRef[] {
  const keys = selfAndParents(host).map(toKey);
  return chunks.filter(({ first, last }) => first === undefined || last === undefined || keys.some((key) => key >= first && key <= last));
}
