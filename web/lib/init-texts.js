// The builder's texts in the UI language: the engine explains each proposal in one English line
// (`kenko init`'s, docs/INIT.md); in English the page shows it as it is, in another language the
// known parts of it are worded again (i18n keys initText.*) and a part the page does not know
// stays as the engine wrote it. The proposed rule in words is written from the rule itself.
import { t, getLang } from '../i18n/index.js';
import { fmtWeight, fmtPct } from './format.js';

// One part of a "left out: …" reason (parts are joined by '; ') → [pattern, key, params from the match].
/** @type {[RegExp, string, (m: RegExpExecArray) => Object<string, string>][]} */
const PARTS = [
  [/^no values$/, 'initText.noValues', () => ({})],
  [/^the same value in every row \('(.*)'\)$/, 'initText.sameValue', (m) => ({ v: m[1] })],
  [/^dates: /, 'initText.dates', () => ({})],
  [/^id-like: /, 'initText.idLike', () => ({})],
  [/^near-unique texts \(names or notes\): ([\d,]+) different values$/, 'initText.nearUnique', (m) => ({ n: m[1] })],
  [/^free text: ([\d,]+) different values, too many for category points \(at most (\d+)\)$/, 'initText.freeText', (m) => ({ n: m[1], max: m[2] })],
  [/^a code or coordinate, not a quantity \(the name says (.*)\)$/, 'initText.code', (m) => ({ words: m[1] })],
  [/^missing in (.*) of the rows$/, 'initText.mostlyMissing', (m) => ({ pct: m[1] })],
  [/^a category: which values are better needs an outcome column/, 'initText.categoryNoOutcome', () => ({})],
  [/^a category that hardly separates the outcome \(AUC ([\d.]+)/, 'initText.categoryWeak', (m) => ({ auc: m[1] })],
  [/^(?:and a )?probable leak: it separates the outcome almost perfectly \(own AUC ([\d.]+)\)/, 'initText.leak', (m) => ({ auc: m[1] })],
  [/^(?:and a )?probable leak: whether it has a value separates the outcome almost perfectly \(AUC ([\d.]+)\)/, 'initText.leakPresence', (m) => ({ auc: m[1] })],
  [/^keep it if it is known beforehand$/, 'initText.keepIfKnown', () => ({})],
  [/^the fitted weight is 0/, 'initText.fittedZero', () => ({})],
  [/^your choice$/, 'initText.yourChoice', () => ({})],
];

// A reason's parts: split at '; ' outside parentheses (a part may quote a rule in them).
function splitParts(text) {
  const out = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && c === ';' && text[i + 1] === ' ') {
      out.push(text.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  out.push(text.slice(start));
  return out;
}

function part(text) {
  for (const [re, key, params] of PARTS) {
    const m = re.exec(text);
    if (m) return t(key, params(m));
  }
  return text;
}

/**
 * A column's reason in the UI language. English: the engine's line (for an indicator without the
 * rule it starts with: the rule has its own column). Otherwise: the role's reason worded again,
 * for an indicator its weight and share (the direction and dimension say their own reasons).
 */
export function reasonText(col) {
  const r = col.reason ?? '';
  if (getLang() === 'en') {
    if (col.role !== 'indicator' || !col.rule || !r.startsWith(col.rule)) return r;
    return r.slice(col.rule.length).replace(/^[;,:]\s*/, '');
  }
  if (col.role === 'indicator') {
    const w = t('initText.weight', { w: fmtWeight(col.weight), share: fmtPct(col.share) });
    return col.kind === 'category' ? `${t('initText.byRate')}; ${w}` : w;
  }
  if (col.role === 'id') return t('initText.id');
  if (col.role === 'label') return t('initText.label');
  if (col.role === 'outcome') return t('initText.outcome');
  let m = /^left out: (.*)$/.exec(r);
  if (m) return `${t('initText.leftOut')}: ${splitParts(m[1]).map(part).join('; ')}`;
  m = /^not read: (.*)$/.exec(r);
  if (m) return `${t('initText.notRead')}: ${m[1]}`;
  return r;
}

const num = (x) => fmtWeight(x);

/** A rule in words, from the rule itself (bands, linear, boolean, category, percentile). */
export function ruleWords(rule) {
  if (!rule) return '';
  switch (rule.type) {
    case 'bands': {
      const bands = rule.bands ?? [];
      const parts = bands.map((b) => {
        const range = b.min != null && b.max != null ? `${num(b.min)}–${num(b.max)}` : b.min != null ? `≥ ${num(b.min)}` : b.max != null ? `< ${num(b.max)}` : t('initText.else');
        return t('initText.band', { range, points: num(b.points) });
      });
      return `${t('initText.bands')}: ${parts.join(', ')}`;
    }
    case 'linear':
      return t('initText.linear', { from: num(rule.from), to: num(rule.to), points: num(rule.points ?? 100) });
    case 'boolean':
      return t('initText.boolean', { points: num(rule.points ?? 100) });
    case 'category': {
      const entries = Object.entries(rule.map ?? {}).map(([k, p]) => t('initText.band', { range: k, points: num(p) }));
      return `${t('initText.category')}: ${entries.join(', ')}${rule.else != null ? `, ${t('initText.band', { range: t('initText.else'), points: num(rule.else) })}` : ''}`;
    }
    case 'percentile':
      return t('initText.percentile');
    default:
      return rule.type ?? '';
  }
}

/**
 * The proposed rule of a column in the UI language: the engine's words in English, else the
 * rule of the proposed model written in words.
 */
export function ruleText(col, model) {
  if (getLang() === 'en' || !col.indicator) return col.rule ?? '';
  const ind = model?.indicators?.find((x) => x.id === col.indicator);
  return ind ? ruleWords(ind.rule) : col.rule ?? '';
}
