// Segment colours: the model's `color`, else a traffic-light colour guessed from the id
// (red / yellow / green / …), else a calm palette. "none" and "unscored" are greys.
/** @type {[RegExp, string][]} */
const TRAFFIC = [
  [/red|risk|danger|bad|poor|churn|赤|危険|要注意/i, '#c62828'],
  [/yellow|amber|orange|watch|warn|黄|注意|経過/i, '#f9a825'],
  [/green|healthy|good|safe|緑|健全/i, '#2e7d32'],
];
const PALETTE = ['#1565c0', '#6a1b9a', '#00838f', '#ef6c00', '#4e342e', '#5d4037', '#283593', '#00695c'];
export const NONE_COLOR = '#8d96a0';
export const UNSCORED_COLOR = '#c5cbd3';

export function segmentColor(seg, index) {
  if (seg.color && /^#[0-9a-f]{3,8}$|^[a-z]+$/i.test(seg.color)) return seg.color;
  for (const [re, c] of TRAFFIC) if (re.test(seg.id) || re.test(seg.label ?? '')) return c;
  return PALETTE[index % PALETTE.length];
}

/** Colours by segment ordinal: model segments, then none, then unscored. */
export function segmentColors(segments) {
  return [...segments.map(segmentColor), NONE_COLOR, UNSCORED_COLOR];
}

/** Black or white text on a background colour (#rgb / #rrggbb). */
export function textOn(color) {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color);
  if (!m) return '#fff';
  let hex = m[1];
  if (hex.length === 3) hex = hex.replace(/./g, '$&$&');
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return lum > 0.4 ? '#1d2329' : '#fff';
}
