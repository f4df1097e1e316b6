import { browser } from 'wxt/browser';
import { renderBlockedPage } from '@/src/ui/blocked-page';

renderBlockedPage(document, location.hash);
// Tells the background a block happened; it reads this page's URL itself and re-checks the host.
void browser.runtime.sendMessage({ type: 'blocked-page-opened' }).catch(() => undefined);
