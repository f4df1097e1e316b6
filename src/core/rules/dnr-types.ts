/**
 * The subset of chrome.declarativeNetRequest types the compiler produces. Declared here so the
 * pure core needs no browser typings; structurally compatible with the browser's own types.
 */
export type ResourceType =
  | 'main_frame'
  | 'sub_frame'
  | 'stylesheet'
  | 'script'
  | 'image'
  | 'font'
  | 'object'
  | 'xmlhttprequest'
  | 'ping'
  | 'csp_report'
  | 'media'
  | 'websocket'
  | 'webtransport'
  | 'webbundle'
  | 'other';

export const SUBRESOURCE_TYPES: readonly ResourceType[] = [
  'stylesheet',
  'script',
  'image',
  'font',
  'object',
  'xmlhttprequest',
  'ping',
  'csp_report',
  'media',
  'websocket',
  'webtransport',
  'webbundle',
  'other',
];
export const FRAME_TYPES: readonly ResourceType[] = ['main_frame', 'sub_frame'];

export interface RuleCondition {
  regexFilter?: string;
  urlFilter?: string;
  requestDomains?: string[];
  excludedRequestDomains?: string[];
  resourceTypes?: ResourceType[];
  isUrlFilterCaseSensitive?: boolean;
  requestMethods?: ('get' | 'post' | 'put' | 'delete' | 'head' | 'patch' | 'options' | 'connect' | 'other')[];
}

export interface QueryKeyValue {
  key: string;
  value: string;
}

export interface RuleAction {
  type: 'block' | 'redirect' | 'allow' | 'upgradeScheme' | 'modifyHeaders' | 'allowAllRequests';
  redirect?: {
    regexSubstitution?: string;
    url?: string;
    extensionPath?: string;
    transform?: { queryTransform?: { addOrReplaceParams?: QueryKeyValue[]; removeParams?: string[] } };
  };
  requestHeaders?: { header: string; operation: 'set' | 'remove' | 'append'; value?: string }[];
}

export interface DnrRule {
  id: number;
  priority: number;
  action: RuleAction;
  condition: RuleCondition;
}

/** Rule actions Chrome counts against the (smaller) unsafe dynamic/session rule limit. */
export function isUnsafeRule(rule: DnrRule): boolean {
  return rule.action.type === 'redirect' || rule.action.type === 'modifyHeaders';
}
