import type { ReportChoice } from '@/src/core/report-choices';

/**
 * Friendly pictures for pupils who cannot read well, drawn as inline SVG shapes (no image files, nothing
 * from the blocked page, never an image of what a pupil saw). Never frightening.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

type Shape = [tag: string, attrs: Record<string, string | number>];

function svg(doc: Document, label: string, viewBox: string, shapes: Shape[]): SVGSVGElement {
  const root = doc.createElementNS(SVG_NS, 'svg');
  root.setAttribute('viewBox', viewBox);
  root.setAttribute('role', 'img');
  root.setAttribute('aria-label', label);
  root.setAttribute('class', 'picture');
  for (const [tag, attrs] of shapes) {
    const node = doc.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    root.append(node);
  }
  return root;
}

/** A picture that only decorates a labelled button or heading: hidden from screen readers. */
function decorative(icon: SVGSVGElement, className: string): SVGSVGElement {
  icon.removeAttribute('role');
  icon.removeAttribute('aria-label');
  icon.setAttribute('aria-hidden', 'true');
  icon.setAttribute('class', className);
  return icon;
}

const face = (cx: number, cy: number, r: number, skin: string, mouth: string): Shape[] => [
  ['circle', { cx, cy, r, fill: skin }],
  ['circle', { cx: cx - r * 0.35, cy: cy - r * 0.15, r: r * 0.13, fill: '#2a1a10' }],
  ['circle', { cx: cx + r * 0.35, cy: cy - r * 0.15, r: r * 0.13, fill: '#2a1a10' }],
  ['path', { d: mouth, stroke: '#3d2b1f', 'stroke-width': r * 0.16, fill: 'none', 'stroke-linecap': 'round' }],
];

/** A speech bubble (`outline`) with three dots in it: someone talking. */
const talkingBubble = (outline: string, dotsX: number[], dotsY: number, r: number): Shape[] => [
  ['path', { d: outline, fill: '#ffffff', stroke: '#2b3a55', 'stroke-width': 3 }],
  ...dotsX.map((cx): Shape => ['circle', { cx, cy: dotsY, r, fill: '#2b3a55' }]),
];

/** A laptop with a dark screen and a power symbol. */
export function screenOffPicture(doc: Document, label: string): SVGSVGElement {
  return svg(doc, label, '0 0 200 140', [
    ['rect', { x: 30, y: 14, width: 140, height: 92, rx: 10, fill: '#2b3a55' }],
    ['rect', { x: 40, y: 24, width: 120, height: 72, rx: 4, fill: '#0b0f19' }],
    ['path', { d: 'M10 112 h180 l-12 16 h-156 z', fill: '#8a9bb8' }],
    [
      'circle',
      {
        cx: 100,
        cy: 62,
        r: 20,
        fill: 'none',
        stroke: '#ffd166',
        'stroke-width': 7,
        'stroke-dasharray': '100 26',
        transform: 'rotate(-70 100 62)',
      },
    ],
    ['line', { x1: 100, y1: 36, x2: 100, y2: 60, stroke: '#ffd166', 'stroke-width': 7, 'stroke-linecap': 'round' }],
  ]);
}

/** A child talking to a smiling grown-up, with a speech bubble. */
export function tellAdultPicture(doc: Document, label: string): SVGSVGElement {
  return svg(doc, label, '0 0 200 140', [
    ['path', { d: 'M112 132 q0 -62 28 -62 q28 0 28 62 z', fill: '#3a86ff' }],
    ...face(140, 38, 17, '#f2c9a0', 'M132 42 q8 7 16 0'),
    ['path', { d: 'M46 132 q0 -46 20 -46 q20 0 20 46 z', fill: '#06a77d' }],
    ...face(66, 70, 13, '#c68b59', 'M60 74 q6 5 12 0'),
    ...talkingBubble(
      'M74 18 h46 a10 10 0 0 1 10 10 v16 a10 10 0 0 1 -10 10 h-30 l-12 10 v-10 h-4 a10 10 0 0 1 -10 -10 v-16 a10 10 0 0 1 10 -10 z',
      [86, 98, 110],
      36,
      3.5,
    ),
  ]);
}

/** Praise: a child walking to a smiling grown-up, who opens their arms, with a heart between them. */
export function goingToAdultPicture(doc: Document, label: string): SVGSVGElement {
  return svg(doc, label, '0 0 200 140', [
    ['path', { d: 'M118 132 q0 -60 30 -60 q30 0 30 60 z', fill: '#5b8def' }],
    ['path', { d: 'M122 92 l-22 -14 M174 92 l18 -14', stroke: '#5b8def', 'stroke-width': 9, 'stroke-linecap': 'round' }],
    ...face(148, 46, 17, '#f2c9a0', 'M139 50 q9 8 18 0'),
    ['path', { d: 'M34 132 q0 -44 20 -44 q20 0 20 44 z', fill: '#2fbf8f' }],
    ['path', { d: 'M72 104 l16 -8', stroke: '#2fbf8f', 'stroke-width': 8, 'stroke-linecap': 'round' }],
    ...face(54, 74, 13, '#c68b59', 'M48 78 q6 5 12 0'),
    ['path', { d: 'M100 40 c-6 -10 -20 -4 -14 8 l14 14 l14 -14 c6 -12 -8 -18 -14 -8 z', fill: '#ff7b9c' }],
  ]);
}

/** A calm page: a smiling screen and a big arrow pointing back. */
export function goBackPicture(doc: Document, label: string): SVGSVGElement {
  const picture = svg(doc, label, '0 0 200 140', [
    ['rect', { x: 76, y: 16, width: 114, height: 84, rx: 10, fill: '#cfe3f7' }],
    ['rect', { x: 86, y: 26, width: 94, height: 64, rx: 6, fill: '#ffffff' }],
    ['path', { d: 'M121 68 q12 10 24 0', stroke: '#1e3a8a', 'stroke-width': 5, fill: 'none', 'stroke-linecap': 'round' }],
    ['circle', { cx: 121, cy: 50, r: 4.5, fill: '#1e3a8a' }],
    ['circle', { cx: 145, cy: 50, r: 4.5, fill: '#1e3a8a' }],
    ['path', { d: 'M66 112 h134 l-10 14 h-114 z', fill: '#9fb3cf' }],
    ['path', { d: 'M6 58 l30 -28 v16 h28 v24 h-28 v16 z', fill: '#06a77d' }],
  ]);
  // Back is to the right in right-to-left languages.
  picture.classList.add('flip-rtl');
  return picture;
}

const CHOICE_SHAPES: Record<ReportChoice, Shape[]> = {
  upsetting: [...face(32, 32, 24, '#ffd166', 'M22 44 q10 -8 20 0'), ['path', { d: 'M20 30 q-3 8 0 10 q3 -2 0 -10 z', fill: '#5bc0eb' }]],
  naked: [
    ['rect', { x: 8, y: 12, width: 48, height: 40, rx: 4, fill: '#e8eef7', stroke: '#7a8aa6', 'stroke-width': 4 }],
    ['path', { d: 'M14 46 l12 -14 l8 8 l6 -6 l10 12 z', fill: '#a0b4d0' }],
    ['circle', { cx: 32, cy: 32, r: 27, fill: 'none', stroke: '#e4572e', 'stroke-width': 6 }],
    ['line', { x1: 13, y1: 13, x2: 51, y2: 51, stroke: '#e4572e', 'stroke-width': 6 }],
  ],
  unkind: [
    ...face(20, 40, 14, '#c68b59', 'M13 47 q7 -6 14 0'),
    [
      'path',
      { d: 'M30 6 l6 8 l8 -8 l4 10 l10 -4 l-4 10 l8 6 l-10 4 l2 10 l-10 -6 l-6 8 l-2 -10 l-10 2 l4 -10 l-8 -6 l10 -2 z', fill: '#ff9f1c' },
    ],
  ],
  stranger: [
    ['circle', { cx: 22, cy: 22, r: 12, fill: '#9aa7bd' }],
    ['path', { d: 'M4 60 q0 -26 18 -26 q18 0 18 26 z', fill: '#9aa7bd' }],
    [
      'path',
      {
        d: 'M38 6 h20 a4 4 0 0 1 4 4 v14 a4 4 0 0 1 -4 4 h-10 l-8 6 v-6 h-2 a4 4 0 0 1 -4 -4 v-14 a4 4 0 0 1 4 -4 z',
        fill: '#ffffff',
        stroke: '#2b3a55',
        'stroke-width': 3,
      },
    ],
    ['path', { d: 'M44 13 q4 -4 8 0 q0 4 -4 5 v3', stroke: '#2b3a55', 'stroke-width': 3, fill: 'none', 'stroke-linecap': 'round' }],
  ],
  other: [
    ...talkingBubble(
      'M10 10 h44 a6 6 0 0 1 6 6 v24 a6 6 0 0 1 -6 6 h-24 l-12 10 v-10 h-8 a6 6 0 0 1 -6 -6 v-24 a6 6 0 0 1 6 -6 z',
      [20, 32, 44],
      28,
      4,
    ),
  ],
};

/** The picture on a report choice's button (the button's own text labels it). */
export function choiceIcon(doc: Document, choice: ReportChoice): SVGSVGElement {
  return decorative(svg(doc, '', '0 0 64 64', CHOICE_SHAPES[choice]), 'choice-icon');
}

/** A small speaker icon for "read it to me". */
export function speakerIcon(doc: Document): SVGSVGElement {
  return decorative(
    svg(doc, '', '0 0 24 24', [
      ['path', { d: 'M4 9 h4 l5 -4 v14 l-5 -4 h-4 z', fill: 'currentColor' }],
      [
        'path',
        { d: 'M16 8 q3 4 0 8 M18.5 5.5 q5 6.5 0 13', stroke: 'currentColor', 'stroke-width': 2, fill: 'none', 'stroke-linecap': 'round' },
      ],
    ]),
    'icon',
  );
}

/** A power symbol for the "turn off the screen" button. */
export function powerIcon(doc: Document): SVGSVGElement {
  return decorative(
    svg(doc, '', '0 0 24 24', [
      ['path', { d: 'M7.5 6.5 a8 8 0 1 0 9 0', stroke: 'currentColor', 'stroke-width': 2.5, fill: 'none', 'stroke-linecap': 'round' }],
      ['line', { x1: 12, y1: 3, x2: 12, y2: 11, stroke: 'currentColor', 'stroke-width': 2.5, 'stroke-linecap': 'round' }],
    ]),
    'icon',
  );
}

/** A back arrow for "go back" (mirrored in right-to-left languages by the page's CSS). */
export function backIcon(doc: Document): SVGSVGElement {
  return decorative(
    svg(doc, '', '0 0 24 24', [
      [
        'path',
        {
          d: 'M10 5 l-7 7 l7 7 M3 12 h18',
          stroke: 'currentColor',
          'stroke-width': 2.5,
          fill: 'none',
          'stroke-linecap': 'round',
          'stroke-linejoin': 'round',
        },
      ],
    ]),
    'icon flip-rtl',
  );
}
