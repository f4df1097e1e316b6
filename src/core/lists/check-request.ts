/**
 * Status page → background: "Check lists now". The page writes the current time under this
 * storage.local key; the background's storage listener downloads every feed, ignoring the refresh
 * period. Storage rather than a runtime message: only the extension's own pages can write it.
 */
export const LISTS_CHECK_REQUEST_KEY = 'listsCheckRequestedAt';
