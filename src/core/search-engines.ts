import type { QueryKeyValue } from './rules/dnr-types';

/**
 * The search engines a pupil can reach, and how each is held to safe results (README: "Safe search
 * that holds"). A search engine is either **locked**, its safety parameter forced on every endpoint
 * that returns results or images, or, while safe search is on for the key stage, **blocked**.
 * Locked means a parameter the engine documents or its own pages send; an engine whose parameter is
 * not known for certain, that takes searches by POST, or that keeps the setting only in a cookie is
 * blocked instead, because a guess that is wrong leaves a pupil with unfiltered image results.
 */

/**
 * Every domain Google serves search on: google.com and its country domains (Google's own list at
 * google.com/supported_domains). Each also covers its subdomains (www., images., cse., lens.…).
 */
export const GOOGLE_SEARCH_DOMAINS: readonly string[] = [
  'google.com',
  'google.ad',
  'google.ae',
  'google.com.af',
  'google.com.ag',
  'google.com.ai',
  'google.al',
  'google.am',
  'google.co.ao',
  'google.com.ar',
  'google.as',
  'google.at',
  'google.com.au',
  'google.az',
  'google.ba',
  'google.com.bd',
  'google.be',
  'google.bf',
  'google.bg',
  'google.com.bh',
  'google.bi',
  'google.bj',
  'google.com.bn',
  'google.com.bo',
  'google.com.br',
  'google.bs',
  'google.bt',
  'google.co.bw',
  'google.by',
  'google.com.bz',
  'google.ca',
  'google.cat',
  'google.cd',
  'google.cf',
  'google.cg',
  'google.ch',
  'google.ci',
  'google.co.ck',
  'google.cl',
  'google.cm',
  'google.cn',
  'google.com.co',
  'google.co.cr',
  'google.com.cu',
  'google.cv',
  'google.com.cy',
  'google.cz',
  'google.de',
  'google.dj',
  'google.dk',
  'google.dm',
  'google.com.do',
  'google.dz',
  'google.com.ec',
  'google.ee',
  'google.com.eg',
  'google.es',
  'google.com.et',
  'google.fi',
  'google.com.fj',
  'google.fm',
  'google.fr',
  'google.ga',
  'google.ge',
  'google.gg',
  'google.com.gh',
  'google.com.gi',
  'google.gl',
  'google.gm',
  'google.gr',
  'google.com.gt',
  'google.gy',
  'google.com.hk',
  'google.hn',
  'google.hr',
  'google.ht',
  'google.hu',
  'google.co.id',
  'google.ie',
  'google.co.il',
  'google.im',
  'google.co.in',
  'google.iq',
  'google.is',
  'google.it',
  'google.je',
  'google.com.jm',
  'google.jo',
  'google.co.jp',
  'google.co.ke',
  'google.com.kh',
  'google.ki',
  'google.kg',
  'google.co.kr',
  'google.com.kw',
  'google.kz',
  'google.la',
  'google.com.lb',
  'google.li',
  'google.lk',
  'google.co.ls',
  'google.lt',
  'google.lu',
  'google.lv',
  'google.com.ly',
  'google.co.ma',
  'google.md',
  'google.me',
  'google.mg',
  'google.mk',
  'google.ml',
  'google.com.mm',
  'google.mn',
  'google.ms',
  'google.com.mt',
  'google.mu',
  'google.mv',
  'google.mw',
  'google.com.mx',
  'google.com.my',
  'google.co.mz',
  'google.com.na',
  'google.com.nf',
  'google.com.ng',
  'google.com.ni',
  'google.ne',
  'google.nl',
  'google.no',
  'google.com.np',
  'google.nr',
  'google.nu',
  'google.co.nz',
  'google.com.om',
  'google.com.pa',
  'google.com.pe',
  'google.com.pg',
  'google.com.ph',
  'google.com.pk',
  'google.pl',
  'google.pn',
  'google.com.pr',
  'google.ps',
  'google.pt',
  'google.com.py',
  'google.com.qa',
  'google.ro',
  'google.rs',
  'google.ru',
  'google.rw',
  'google.com.sa',
  'google.com.sb',
  'google.sc',
  'google.se',
  'google.com.sg',
  'google.sh',
  'google.si',
  'google.sk',
  'google.com.sl',
  'google.sn',
  'google.so',
  'google.sm',
  'google.sr',
  'google.st',
  'google.com.sv',
  'google.td',
  'google.tg',
  'google.co.th',
  'google.com.tj',
  'google.tl',
  'google.tm',
  'google.tn',
  'google.to',
  'google.com.tr',
  'google.tt',
  'google.com.tw',
  'google.co.tz',
  'google.com.ua',
  'google.co.ug',
  'google.co.uk',
  'google.com.uy',
  'google.co.uz',
  'google.com.vc',
  'google.co.ve',
  'google.vg',
  'google.co.vi',
  'google.com.vn',
  'google.vu',
  'google.ws',
  'google.co.za',
  'google.co.zm',
  'google.co.zw',
];

/** A search engine held to safe results by a query parameter on its result and image endpoints. */
export interface LockedSearchEngine {
  name: string;
  domains: readonly string[];
  /**
   * The endpoints that return results or images, as an RE2 pattern for the path after the host
   * (matched without regard to case). Other pages of the same hosts are left alone.
   */
  resultPaths: string;
  /** The home page with a query (`/?q=…`) is a result page too. */
  resultsAtRoot?: boolean;
  /** Some result endpoints answer with an image itself (Bing's th?q=), so image requests are locked too. */
  imageEndpoints?: boolean;
  /**
   * Hosts that fetch any image URL for the engine's result pages (an open image proxy): they may
   * load images on those pages, never be opened as a page themselves.
   */
  imageProxyHosts?: readonly string[];
  /** The parameters forced, per safe-search level. */
  params: Record<'strict' | 'moderate', readonly QueryKeyValue[]>;
  /** Every parameter that can weaken it; each is removed in every upper/lower-case spelling before `params` are set. */
  controls: readonly string[];
  /**
   * The engine accepts searches by POST, whose body can carry its own setting where no rule can
   * change it: POST to its result endpoints is refused.
   */
  refusePost: boolean;
  /** Where the parameter is documented or seen, for the README and the next person to check it. */
  source: string;
}

export const LOCKED_SEARCH_ENGINES = {
  google: {
    name: 'Google',
    // Google's JSON search API lives on googleapis.com under customsearch/ only.
    domains: [...GOOGLE_SEARCH_DOMAINS, 'googleapis.com'],
    resultPaths: '(?:search|images|imghp|webhp|imgres|complete/search|custom|cse|xhtml|async/|uploadbyurl)',
    params: { strict: [{ key: 'safe', value: 'active' }], moderate: [{ key: 'safe', value: 'active' }] },
    controls: ['safe'],
    refusePost: false,
    source:
      'safe=active (Google: "SafeSearch for your network"; also what Chrome\'s ForceGoogleSafeSearch adds). Google has no moderate level in the URL.',
  },
  bing: {
    name: 'Bing',
    domains: ['bing.com', 'bing.net'],
    // th?q= makes a thumbnail from a query: an image search in one request.
    resultPaths: '(?:search|images/|videos/|news/|shop|as/|th\\?(?:[^#]*&)?q=)',
    imageEndpoints: true,
    params: { strict: [{ key: 'adlt', value: 'strict' }], moderate: [{ key: 'adlt', value: 'moderate' }] },
    controls: ['adlt'],
    refusePost: true,
    source: 'adlt=strict|moderate (Bing: "Block adult content with SafeSearch"; the parameter its own settings page writes).',
  },
  duckduckgo: {
    name: 'DuckDuckGo',
    domains: ['duckduckgo.com', 'duck.com', 'ddg.gg'],
    // The result page, the HTML and lite versions, and the JSON endpoints its pages fetch results
    // and images from (d.js web, i.js images, v.js videos, news.js, ac/ suggestions).
    resultPaths: '(?:html|lite|d\\.js|i\\.js|v\\.js|news\\.js|ac/)',
    resultsAtRoot: true,
    imageProxyHosts: ['external-content.duckduckgo.com', 'proxy.duckduckgo.com'],
    params: {
      strict: [
        { key: 'kp', value: '1' },
        { key: 'p', value: '1' },
      ],
      moderate: [
        { key: 'kp', value: '-1' },
        { key: 'ex', value: '-1' },
      ],
    },
    controls: ['kp', 'p', 'ex'],
    refusePost: true,
    source:
      'kp=1|-1 (DuckDuckGo URL parameters help page); p and ex are what its own result pages send to d.js and i.js. The html and lite versions post their form, so a POST there is refused.',
  },
  yahoo: {
    name: 'Yahoo',
    domains: ['search.yahoo.com'],
    resultPaths: '(?:search|yhs/|mobile/|tablet/|sugg/)',
    params: { strict: [{ key: 'vm', value: 'r' }], moderate: [{ key: 'vm', value: 'i' }] },
    controls: ['vm'],
    refusePost: true,
    source: "vm=r (restrict) | vm=i: the parameter Yahoo's SafeSearch setting writes to its search URLs.",
  },
} as const satisfies Record<string, LockedSearchEngine>;

export type LockedEngineId = keyof typeof LOCKED_SEARCH_ENGINES;

/** A search engine that cannot be locked from the browser: blocked while safe search is on. */
export interface UnlockableSearchEngine {
  name: string;
  domains: readonly string[];
  why: string;
}

export const UNLOCKABLE_SEARCH_ENGINES: readonly UnlockableSearchEngine[] = [
  {
    name: 'Yandex',
    domains: [
      'yandex.com',
      'yandex.ru',
      'yandex.by',
      'yandex.kz',
      'yandex.uz',
      'yandex.com.tr',
      'yandex.ua',
      'yandex.eu',
      'yandex.az',
      'yandex.com.am',
      'yandex.com.ge',
      'yandex.co.il',
      'yandex.kg',
      'yandex.lt',
      'yandex.lv',
      'yandex.ee',
      'yandex.md',
      'yandex.tj',
      'yandex.tm',
      'ya.ru',
    ],
    why: 'family filtering is a cookie or DNS setting; image search is known for explicit results',
  },
  { name: 'Brave Search', domains: ['search.brave.com'], why: 'the setting is kept in a cookie' },
  { name: 'Ecosia', domains: ['ecosia.org'], why: 'the setting is kept in a cookie' },
  { name: 'Startpage', domains: ['startpage.com', 'ixquick.com'], why: 'searches are sent by POST; the family filter is a form field' },
  { name: 'Qwant', domains: ['qwant.com'], why: 'results come from an API whose safe-search field is not documented' },
  { name: 'Mojeek', domains: ['mojeek.com', 'mojeek.co.uk'], why: 'the setting is kept in a cookie' },
  { name: 'Yahoo Japan', domains: ['search.yahoo.co.jp'], why: 'a separate engine with its own setting' },
  { name: 'AOL Search', domains: ['search.aol.com'], why: 'the setting is not in the URL' },
  { name: 'Ask', domains: ['ask.com'], why: 'the setting is not in the URL' },
  { name: 'Baidu', domains: ['baidu.com'], why: 'no safe-search setting' },
  { name: 'Sogou and 360 Search', domains: ['sogou.com', 'so.com'], why: 'no safe-search setting' },
  { name: 'Naver and Daum search', domains: ['search.naver.com', 'search.daum.net'], why: 'the setting needs an account' },
  { name: 'Seznam', domains: ['search.seznam.cz'], why: 'the setting is kept in a cookie' },
  { name: 'Petal Search', domains: ['petalsearch.com'], why: 'the setting is kept in a cookie' },
  { name: 'Yep', domains: ['yep.com'], why: 'the setting is kept in a cookie' },
  { name: 'Kagi', domains: ['kagi.com'], why: 'the setting belongs to the account' },
  { name: 'You.com', domains: ['you.com'], why: 'the setting belongs to the account' },
  { name: 'Presearch', domains: ['presearch.com', 'presearch.org'], why: 'the setting is kept in a cookie' },
  { name: 'MetaGer', domains: ['metager.org', 'metager.de'], why: 'the setting is kept in a cookie' },
  { name: 'Gibiru', domains: ['gibiru.com'], why: 'advertised as uncensored' },
  {
    name: 'Dogpile, WebCrawler, Info.com, Search.com',
    domains: ['dogpile.com', 'webcrawler.com', 'info.com', 'search.com'],
    why: 'the setting is not in the URL',
  },
  { name: 'Lycos and Excite', domains: ['search.lycos.com', 'excite.com'], why: 'the setting is not in the URL' },
  {
    name: 'Ghostery, Oscobo, Lilo, Ekoru',
    domains: ['ghosterysearch.com', 'oscobo.com', 'lilo.org', 'ekoru.org'],
    why: 'the setting is kept in a cookie',
  },
  {
    name: 'SearXNG and searx public instances',
    domains: [
      'searx.space',
      'searx.be',
      'search.sapti.me',
      'priv.au',
      'searx.tiekoetter.com',
      'search.bus-hit.me',
      'paulgo.io',
      'searx.work',
      'baresearch.org',
      'search.inetol.net',
    ],
    why: 'metasearch: each instance decides its own filtering, and any setting is a form field',
  },
];
