import { renderBlockedPage } from '@/src/ui/blocked-page';

renderBlockedPage(document, location.hash);
