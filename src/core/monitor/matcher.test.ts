import { describe, expect, it } from 'vitest';
import { ALERT_CATEGORIES } from '../alert-categories';
import { builtinSource } from './builtin-lexicon';
import { createChecker } from './checker';
import { LEXICON_LANGUAGES } from './lexicon';
import { compileMatcher } from './matcher';

const checker = createChecker(builtinSource());
const entryOf = (text: string) => checker.query(text)?.entryId ?? null;
const categoryOf = (text: string) => checker.query(text)?.category ?? null;

describe('every category in every language', () => {
  // One query a pupil might type, per category and language.
  const samples: Record<(typeof LEXICON_LANGUAGES)[number], Record<(typeof ALERT_CATEGORIES)[number], string>> = {
    en: {
      'self-harm': 'how to kill myself',
      'eating-disorders': 'pro ana tips',
      extremism: 'how to join isis',
      grooming: "don't tell your parents about us",
      'sexual-content': 'send nudes',
      violence: 'how to make a pipe bomb',
      drugs: 'where can i buy weed',
      bullying: 'go kill yourself',
    },
    cy: {
      'self-harm': 'sut i ladd fy hun',
      'eating-disorders': 'sut i stopio bwyta',
      extremism: 'ymuno ag isis',
      grooming: 'paid a dweud wrth dy rieni',
      'sexual-content': 'anfon lluniau noeth',
      violence: 'sut i wneud bom',
      drugs: 'ble i brynu canabis',
      bullying: 'cer i ladd dy hun',
    },
    pl: {
      'self-harm': 'jak się zabić',
      'eating-disorders': 'jak przestać jeść',
      extremism: 'hitler miał rację',
      grooming: 'nie mów rodzicom',
      'sexual-content': 'wyślij nudesy',
      violence: 'jak zrobić bombę',
      drugs: 'gdzie kupić trawkę',
      bullying: 'idź się zabij',
    },
    ur: {
      'self-harm': 'خودکشی کیسے کریں',
      'eating-disorders': 'کھانا کیسے چھوڑوں',
      extremism: 'داعش میں کیسے شامل ہوں',
      grooming: 'اپنے والدین کو مت بتانا',
      'sexual-content': 'ننگی تصویر بھیجو',
      violence: 'بم بنانے کا طریقہ',
      drugs: 'چرس کہاں سے خریدیں',
      bullying: 'جا کر مر جاؤ',
    },
    ro: {
      'self-harm': 'cum să mă sinucid',
      'eating-disorders': 'cum să nu mai mănânc',
      extremism: 'hitler a avut dreptate',
      grooming: 'nu le spune părinților',
      'sexual-content': 'trimite nuduri',
      violence: 'cum să fac o bombă',
      drugs: 'de unde cumpăr iarbă',
      bullying: 'du-te și mori',
    },
    ar: {
      'self-harm': 'كيف أنتحر',
      'eating-disorders': 'كيف أتوقف عن الأكل',
      extremism: 'كيف أنضم إلى داعش',
      grooming: 'لا تخبري والديك',
      'sexual-content': 'أرسلي صور عارية',
      violence: 'كيف أصنع قنبلة',
      drugs: 'أين أشتري الحشيش',
      bullying: 'اقتل نفسك',
    },
  };
  for (const lang of LEXICON_LANGUAGES) {
    for (const category of ALERT_CATEGORIES) {
      it(`${lang} ${category}: "${samples[lang][category]}"`, () => {
        const verdict = checker.query(samples[lang][category]);
        expect(verdict).toMatchObject({ category, severity: 'high' });
        // The entry is the language's own, and the term is the lexicon's, not the pupil's words.
        expect(verdict?.entryId).toMatch(lang === 'en' ? /^[a-z]{2}-\d{3}$/ : new RegExp(`^[a-z]{2}-${lang}-\\d{3}$`));
      });
    }
  }
});

describe('the disguises pupils use', () => {
  it.each([
    ['letters for digits and symbols', 'k1ll mys3lf'],
    ['repeated letters', 'kiiiill myseeeelf'],
    ['missing spaces', 'killmyself'],
    ['extra spaces', 'kill my self'],
    ['capitals', 'KILL MYSELF'],
    ['a missing letter', 'kil myslf'],
    ['swapped letters', 'kill mysefl'],
    ['look-alike Cyrillic letters', 'kіll mysеlf'],
    ['an invisible character inside a word', 'ki\u200bll myself'],
  ])('%s: "%s"', (_, text) => {
    expect(entryOf(text)).toBe('sh-001');
  });

  it('a wrong vowel in a single word, and a letter left out of it', () => {
    expect(categoryOf('anerexia')).toBe('eating-disorders');
    expect(categoryOf('thinspratio')).toBe(null); // two edits away: not the same word
    expect(categoryOf('thinspiraton')).toBe('eating-disorders');
    expect(categoryOf('sucide')).toBe('self-harm');
  });

  it('a word spelled out letter by letter', () => {
    expect(categoryOf('s.u.i.c.i.d.e')).toBe('self-harm');
    expect(categoryOf('s u i c i d e')).toBe('self-harm');
  });

  it('Polish and Romanian typed without diacritics', () => {
    expect(entryOf('jak sie zabic')).toBe('sh-pl-002');
    expect(entryOf('cum sa ma sinucid')).toBe('sh-ro-002');
  });

  it('Arabic without hamza, with vowel marks, or with "and" attached', () => {
    expect(entryOf('اريد ان اموت')).toBe('sh-ar-001');
    expect(entryOf('أُرِيدُ أَنْ أَمُوتَ')).toBe('sh-ar-001');
    expect(categoryOf('ولا أحد يحبك')).toBe('bullying');
  });

  it('word order: a word set matches in any order', () => {
    expect(entryOf('how many paracetamol to die')).toBe('sh-002');
    expect(entryOf('paracetamol how many would make me die')).toBe('sh-002');
    expect(entryOf('się pocięłam')).toBe('sh-pl-002');
    expect(entryOf('pocięłam się')).toBe('sh-pl-002');
  });

  it('Welsh mutations fold together (lladd / ladd)', () => {
    expect(entryOf('lladd fy hun')).toBe('sh-cy-001');
    expect(entryOf('sut i ladd fy hun')).toBe('sh-cy-002');
  });
});

describe('word boundaries', () => {
  it('a risk word inside another word is not a match', () => {
    expect(categoryOf('hancock')).toBe(null);
    expect(categoryOf('cocktail recipes')).toBe(null);
    expect(categoryOf('skill myself up')).toBe(null);
    expect(categoryOf('essex and sussex')).toBe(null);
    expect(categoryOf('weedkiller')).toBe(null);
  });

  it('a short word is never assembled from pieces of two words', () => {
    expect(categoryOf('go re-enter')).toBe(null); // not "gore"
    expect(categoryOf('por no')).toBe(null);
  });

  it('a phrase does not run across a sentence end', () => {
    expect(categoryOf('I will kill. Myself I like')).toBe(null);
  });
});

describe('defusing phrases', () => {
  it.each([
    'suicide squad cast',
    'kill the process',
    'we killed it on stage',
    'bath bombs for mum',
    'diet coke please',
    'blue tits in the garden',
    'grammar nazi',
    "I don't want to die",
    'i cut myself shaving',
    'how to get away with murder',
    'isis egyptian goddess',
    'how to get high marks in maths',
    'zabić czas',
    'mor de râs',
    'مت من الضحك',
  ])('"%s"', (text) => {
    expect(checker.query(text)).toBeNull();
  });

  it('only for their own categories: "suicide bomber" is not self-harm, and still extremism-free', () => {
    expect(checker.query('suicide bomber')).toBeNull();
  });
});

describe('compiling', () => {
  it('throws on a term with no letters, so a bad lexicon fails its tests, not a pupil', () => {
    expect(() =>
      compileMatcher({
        entries: [{ id: 'x-001', category: 'drugs', severity: 'high', lang: 'en', terms: ['!!'] }],
        defusers: [],
        markers: [],
      }),
    ).toThrow(/no letters/);
  });

  it('is compact: tens of thousands of states, not hundreds', () => {
    expect(checker.matcher.stateCount).toBeLessThan(80_000);
    expect(checker.matcher.patternCount).toBeGreaterThan(5_000);
  });
});
