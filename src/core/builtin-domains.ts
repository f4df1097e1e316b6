import type { Category } from './categories';

/**
 * Curated, built-in sites per category: the best-known sites of each kind, so a school gets useful
 * blocking out of the box before any list feed is configured. Larger lists arrive as feeds.
 * `illegal` ships empty on purpose: the IWF and CTIRU lists are licensed and arrive as feeds.
 */
export const BUILTIN_CATEGORY_DOMAINS: Record<Category, readonly string[]> = {
  illegal: [],
  pornography: [
    'pornhub.com', 'xvideos.com', 'xnxx.com', 'xhamster.com', 'redtube.com', 'youporn.com', 'spankbang.com',
    'onlyfans.com', 'chaturbate.com', 'stripchat.com', 'bongacams.com', 'livejasmin.com', 'cam4.com',
    'brazzers.com', 'tube8.com', 'eporner.com', 'porn.com', 'beeg.com', 'txxx.com', 'hqporner.com',
    'motherless.com', 'rule34.xxx', 'e-hentai.org', 'nhentai.net', 'hentaihaven.xxx', 'fansly.com',
    'manyvids.com', 'clips4sale.com', 'adultfriendfinder.com', 'literotica.com', 'fapello.com', 'porntrex.com',
  ],
  gambling: [
    'bet365.com', 'williamhill.com', 'paddypower.com', 'betfair.com', 'skybet.com', 'ladbrokes.com', 'coral.co.uk',
    'betway.com', 'unibet.co.uk', '888.com', '888casino.com', 'pokerstars.uk', 'pokerstars.com', 'betfred.com',
    'boylesports.com', 'betvictor.com', 'grosvenorcasinos.com', 'mrgreen.com', 'leovegas.com', 'casumo.com',
    'stake.com', 'roobet.com', 'jackpotjoy.com', 'tombola.co.uk', 'gala.co.uk', 'foxybingo.com', 'buzzbingo.com',
    'nationallottery.co.uk', 'draftkings.com', 'fanduel.com', 'csgoempire.com', 'csgoroll.com',
  ],
  drugs: [
    'leafly.com', 'weedmaps.com', 'erowid.org', 'drugs-forum.com', 'bluelight.org', 'hightimes.com',
    'shroomery.org', 'grasscity.com', '420magazine.com', 'rollitup.org', 'psychonautwiki.org', 'tripsit.me',
  ],
  extremism: [
    '8kun.top', 'bitchute.com', 'gab.com', 'odysee.com', 'kiwifarms.net', 'patriotfront.us', 'amren.com',
  ],
  discrimination: [
    'stormfront.org', 'dailystormer.in', 'vdare.com', 'theoccidentalobserver.net', 'natall.com', 'americanrenaissance.com',
    'metapedia.org',
  ],
  violence: [
    'theync.com', 'kaotic.com', 'goregrish.com', 'crazyshit.com', 'documentingreality.com', 'bestgore.fun',
    'seegore.com', 'watchpeopledie.tv', 'hoodsite.com', 'gorecenter.com',
  ],
  'self-harm': [
    'sanctioned-suicide.net', 'sanctioned-suicide.org', 'myproana.com', 'pro-ana-nation.fr', 'proanamia.com',
    'thinspiration.net',
  ],
  malware: [
    'hackforums.net', 'nulled.to', 'cracked.to', 'cracked.io', 'leakforums.net', 'breachforums.st', 'sinister.ly',
    'iplogger.org', 'grabify.link', 'malware.wicar.org', 'testsafebrowsing.appspot.com', 'anonfiles.com',
  ],
  piracy: [
    'thepiratebay.org', '1337x.to', 'yts.mx', 'fmovies.to', 'rarbg.to', 'limetorrents.lol', 'torrentgalaxy.to',
    'nyaa.si', 'kickasstorrents.to', 'eztv.re', 'solarmovie.pe', '123moviesfree.net', 'putlocker.vip', 'soap2day.to',
    'z-lib.org', 'libgen.is', 'annas-archive.org', 'gogoanime.pe', 'aniwave.to', 'igg-games.com', 'fitgirl-repacks.site',
  ],
  circumvention: [
    // VPNs
    'nordvpn.com', 'expressvpn.com', 'protonvpn.com', 'surfshark.com', 'windscribe.com', 'tunnelbear.com',
    'hotspotshield.com', 'cyberghostvpn.com', 'privateinternetaccess.com', 'hide.me', 'vpnbook.com', 'psiphon.ca',
    'psiphon3.com', 'ultrasurf.us', 'urban-vpn.com', 'hola.org', 'betternet.co', 'mullvad.net', 'ivpn.net',
    'torproject.org',
    // web proxies
    'croxyproxy.com', 'croxyproxy.rocks', 'croxyproxy.net', 'blockaway.net', 'proxysite.com', 'kproxy.com',
    'hidester.com', 'proxyium.com', 'hidemyass.com', 'hide-my-ip.com', 'proxfree.com', 'whoer.net', 'translate.goog',
    'vpnbook.org', 'unblockit.ink', 'unblock-websites.com',
    // DNS over HTTPS resolvers, which hide look-ups from school network filtering
    'dns.google', 'dns.google.com', 'cloudflare-dns.com', 'one.one.one.one', 'dns.quad9.net', 'doh.opendns.com',
    'dns.nextdns.io', 'dns.adguard-dns.com', 'doh.cleanbrowsing.org', 'dns.controld.com', 'doh.mullvad.net',
    'doh.dns.sb', 'dns.alidns.com', 'doh.pub',
  ],
  'social-networks': [
    'facebook.com', 'instagram.com', 'tiktok.com', 'snapchat.com', 'x.com', 'twitter.com', 'threads.net',
    'bsky.app', 'tumblr.com', 'reddit.com', 'vk.com', 'mastodon.social', 'bereal.com', 'yubo.live', 'likee.video',
    'triller.co', 'lemon8-app.com', 'ask.fm', 'tellonym.me', 'ngl.link',
  ],
  dating: [
    'tinder.com', 'bumble.com', 'hinge.co', 'match.com', 'pof.com', 'plentyoffish.com', 'grindr.com', 'okcupid.com',
    'badoo.com', 'zoosk.com', 'happn.com', 'eharmony.co.uk', 'feeld.co', 'her.app', 'meetme.com', 'skout.com',
  ],
  chat: [
    'ome.tv', 'chatroulette.com', 'discord.com', 'discord.gg', 'telegram.org', 't.me', 'web.telegram.org',
    'web.whatsapp.com', 'kik.com', 'chatib.us', 'emeraldchat.com', 'chatrandom.com', 'camsurf.com', 'monkey.app',
    'wizz.chat', 'holla.world', 'azarlive.com', 'chitchat.gg', 'talkwithstranger.com', 'omegleweb.com',
  ],
  webmail: [
    // Personal webmail only: school Google Workspace / Microsoft 365 mail stays reachable.
    'mail.yahoo.com', 'outlook.live.com', 'mail.proton.me', 'proton.me', 'tutanota.com', 'tuta.com', 'gmx.com',
    'gmx.co.uk', 'mail.com', 'mail.aol.com', 'mail.yandex.com', 'mail.zoho.com', 'icloud.com', 'fastmail.com',
    'guerrillamail.com', 'temp-mail.org', '10minutemail.com',
  ],
  games: [
    'roblox.com', 'fortnite.com', 'epicgames.com', 'steampowered.com', 'miniclip.com', 'friv.com', 'poki.com',
    'crazygames.com', 'coolmathgames.com', 'y8.com', 'kongregate.com', 'armorgames.com', 'itch.io', 'agar.io',
    'slither.io', 'krunker.io', 'shellshock.io', 'chess.com',
  ],
};

/**
 * Approved-sites-only mode (EYFS/KS1) allows these children's learning sites as well as the school's
 * allowDomains. Kept short on purpose: schools add their own approved materials.
 */
export const CHILDREN_LEARNING_SITES: readonly string[] = [
  'bbc.co.uk', 'topmarks.co.uk', 'phonicsplay.co.uk', 'oxfordowl.co.uk', 'ictgames.com', 'starfall.com',
  'pbskids.org', 'natgeokids.com', 'mathsframe.co.uk', 'numbots.com', 'ttrockstars.com', 'purplemash.com',
  'busythings.co.uk', 'teachyourmonstertoread.com', 'letterjoin.co.uk', 'educationcity.com', 'twinkl.co.uk',
  'scratch.mit.edu', 'code.org', 'nasa.gov',
];

/**
 * Sign-in and platform hosts a managed Chromebook needs in approved-sites-only mode, or pupils
 * cannot even log in to the approved sites.
 */
export const ESSENTIAL_PLATFORM_SITES: readonly string[] = [
  'accounts.google.com', 'accounts.youtube.com', 'classroom.google.com', 'login.microsoftonline.com',
  'login.live.com',
];
