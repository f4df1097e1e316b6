import type { ListChunkRef } from '../rules/compiler';
import { toKey } from './reduce';

/** `a.b.example.com` → `[a.b.example.com, b.example.com, example.com, com]`: what a rule for any of them covers. */
export function selfAndParents(host: string): string[] {
  const out = [host];
  for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) out.push(host.slice(dot + 1));
  return out;
}

/**
 * The chunks of a list that may hold `host` or one of its parents (which would cover it). Chunks
 * hold hosts in sort-key order and cover disjoint ranges, so usually one or two qualify; a chunk
 * stored without its range always qualifies.
 */
export function chunksThatMayHold(chunks: readonly ListChunkRef[], host: string): ListChunkRef[] {
  const keys = selfAndParents(host).map(toKey);
  return chunks.filter(
    (chunk) => chunk.first === undefined || chunk.last === undefined || keys.some((key) => key >= chunk.first! && key <= chunk.last!),
  );
}
