import { parseBlockedHash, type BlockReason } from '@/src/core/block-reason';
import { CATEGORY_DESCRIPTIONS } from '@/src/core/categories';
import { hostOfUrl } from '@/src/core/domain';

function reasonText(reason: BlockReason): string {
  switch (reason.kind) {
    case 'category':
      return `Blocked category: ${CATEGORY_DESCRIPTIONS[reason.category]}.`;
    case 'school':
      return 'Your school has blocked this site.';
    case 'approved-only':
      return 'Only sites your school has approved can be used on this device.';
    case 'reported':
      return 'This site was reported and is blocked for the rest of the day.';
  }
}

/**
 * Renders the blocked page from `location.hash`. The page is web-accessible, so the hash may be
 * forged: anything unexpected shows just the headline. DOM built with textContent only.
 */
export function renderBlockedPage(doc: Document, hash: string): void {
  const main = doc.getElementById('app');
  if (!main) return;
  let params: ReturnType<typeof parseBlockedHash> = null;
  try {
    params = parseBlockedHash(hash);
  } catch {
    params = null;
  }
  if (!params) return;
  const reason = doc.createElement('p');
  reason.id = 'reason';
  reason.dataset.reason = params.reason.kind === 'category' ? params.reason.category : params.reason.kind;
  reason.textContent = reasonText(params.reason);
  main.append(reason);
  const host = params.url ? hostOfUrl(params.url) : null;
  if (host) {
    const detail = doc.createElement('p');
    detail.id = 'blocked-host';
    detail.className = 'detail';
    detail.textContent = `Site: ${host}`;
    main.append(detail);
  }
}
