/**
 * Friendly pictures for the youngest pupils, drawn as inline SVG shapes (no image files, nothing
 * from the blocked page). Never frightening: a sleeping screen and a child talking to a grown-up.
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
    // grown-up
    ['circle', { cx: 140, cy: 38, r: 17, fill: '#f2c9a0' }],
    ['path', { d: 'M112 132 q0 -62 28 -62 q28 0 28 62 z', fill: '#3a86ff' }],
    ['path', { d: 'M132 42 q8 7 16 0', stroke: '#5a3e2b', 'stroke-width': 3, fill: 'none', 'stroke-linecap': 'round' }],
    ['circle', { cx: 134, cy: 34, r: 2.5, fill: '#3d2b1f' }],
    ['circle', { cx: 146, cy: 34, r: 2.5, fill: '#3d2b1f' }],
    // child
    ['circle', { cx: 66, cy: 70, r: 13, fill: '#c68b59' }],
    ['path', { d: 'M46 132 q0 -46 20 -46 q20 0 20 46 z', fill: '#06a77d' }],
    ['path', { d: 'M60 74 q6 5 12 0', stroke: '#3d2b1f', 'stroke-width': 2.5, fill: 'none', 'stroke-linecap': 'round' }],
    ['circle', { cx: 61, cy: 67, r: 2, fill: '#2a1a10' }],
    ['circle', { cx: 71, cy: 67, r: 2, fill: '#2a1a10' }],
    // speech bubble
    [
      'path',
      {
        d: 'M74 18 h46 a10 10 0 0 1 10 10 v16 a10 10 0 0 1 -10 10 h-30 l-12 10 v-10 h-4 a10 10 0 0 1 -10 -10 v-16 a10 10 0 0 1 10 -10 z',
        fill: '#ffffff',
        stroke: '#2b3a55',
        'stroke-width': 3,
      },
    ],
    ['circle', { cx: 86, cy: 36, r: 3.5, fill: '#2b3a55' }],
    ['circle', { cx: 98, cy: 36, r: 3.5, fill: '#2b3a55' }],
    ['circle', { cx: 110, cy: 36, r: 3.5, fill: '#2b3a55' }],
  ]);
}

/** A small speaker icon for "read it to me". */
export function speakerIcon(doc: Document): SVGSVGElement {
  const icon = svg(doc, '', '0 0 24 24', [
    ['path', { d: 'M4 9 h4 l5 -4 v14 l-5 -4 h-4 z', fill: 'currentColor' }],
    [
      'path',
      { d: 'M16 8 q3 4 0 8 M18.5 5.5 q5 6.5 0 13', stroke: 'currentColor', 'stroke-width': 2, fill: 'none', 'stroke-linecap': 'round' },
    ],
  ]);
  icon.removeAttribute('role');
  icon.removeAttribute('aria-label');
  icon.setAttribute('aria-hidden', 'true');
  icon.setAttribute('class', 'icon');
  return icon;
}

/** A power symbol for the "turn off the screen" button. */
export function powerIcon(doc: Document): SVGSVGElement {
  const icon = svg(doc, '', '0 0 24 24', [
    ['path', { d: 'M7.5 6.5 a8 8 0 1 0 9 0', stroke: 'currentColor', 'stroke-width': 2.5, fill: 'none', 'stroke-linecap': 'round' }],
    ['line', { x1: 12, y1: 3, x2: 12, y2: 11, stroke: 'currentColor', 'stroke-width': 2.5, 'stroke-linecap': 'round' }],
  ]);
  icon.removeAttribute('role');
  icon.removeAttribute('aria-label');
  icon.setAttribute('aria-hidden', 'true');
  icon.setAttribute('class', 'icon');
  return icon;
}
