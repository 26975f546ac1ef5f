// Number formatting. Scores, sub-scores and coverage are shown with two decimals exactly as the
// spec's scored output writes them (C's "%.2f": the binary value rounded to nearest, exact
// ties to even), so the page and an exported CSV never disagree by a hundredth.
import { getLang } from '../i18n/index.js';

/** x with two decimals like printf("%.2f"); '' for NaN/null. */
export function fmt2(x) {
  if (x == null || Number.isNaN(x)) return '';
  if (!Number.isFinite(x)) return String(x);
  // A double is an exact tie between two hundredths only when x·8 is an odd integer
  // (x = m/8, m odd): then toFixed (which rounds ties up) must round to even instead.
  const e = x * 8; // exact: a power-of-two scaling
  if (Number.isInteger(e) && Math.abs(e) % 2 === 1) {
    const t = x * 100; // exact too: m · 12.5
    const lo = Math.floor(t);
    const even = lo % 2 === 0 ? lo : lo + 1;
    return (even / 100).toFixed(2);
  }
  return x.toFixed(2);
}

/** A share 0–1 as a percentage with two decimals ("12.50%"). */
export function fmtPct(share) {
  if (share == null || Number.isNaN(share)) return '';
  return `${fmt2(share * 100)}%`;
}

let nf = null, nfLang = '';
/** An integer count with the UI language's grouping. */
export function fmtInt(n) {
  const lang = getLang();
  if (!nf || nfLang !== lang) { nf = new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US'); nfLang = lang; }
  return nf.format(n);
}

/** A signed difference, '+3' / '−2' / '0'. */
export function fmtDelta(n, digits = 0) {
  if (n == null || Number.isNaN(n)) return '';
  const s = digits ? fmt2(Math.abs(n)) : fmtInt(Math.abs(n));
  if (n > 0) return `+${s}`;
  if (n < 0) return `\u2212${s}`;
  return digits ? fmt2(0) : '0';
}

/** Bytes for humans (progress). */
export function fmtBytes(b) {
  if (b == null) return '';
  if (b < 1024) return `${b} B`;
  if (b < 1024 * 1024) return `${(b / 1024).toFixed(1)} KiB`;
  if (b < 1024 ** 3) return `${(b / 1024 / 1024).toFixed(1)} MiB`;
  return `${(b / 1024 ** 3).toFixed(2)} GiB`;
}

/** A weight for a slider label: up to two decimals, no trailing zeros. */
export function fmtWeight(w) {
  if (w == null || Number.isNaN(w)) return '';
  return String(Math.round(w * 100) / 100);
}

/** An AUC for display: three decimals (the program prints full precision; data-auc keeps it). */
export function fmtAuc(x) {
  if (x == null || Number.isNaN(x)) return 'NA';
  return x.toFixed(3);
}

/** A signed AUC difference with three decimals ('+0.006', '−0.012', '±0.000'). */
export function fmtAucDelta(d) {
  if (d == null || Number.isNaN(d)) return '';
  const s = Math.abs(d).toFixed(3);
  if (s === '0.000') return '±0.000';
  return d > 0 ? `+${s}` : `\u2212${s}`;
}

/** A signed score change with two decimals and an arrow: '▲ +5.43', '▼ −35.94', '■ 0.00'. */
export function fmtChange(d) {
  if (d == null || Number.isNaN(d)) return '';
  if (d > 0) return `▲ +${fmt2(d)}`;
  if (d < 0) return `▼ \u2212${fmt2(-d)}`;
  return `■ ${fmt2(0)}`;
}

let cf = null, cfLang = '';
/** A value (ARR, MRR…) in compact form: '1.2M', '345K' ('1.2億', '34万' in Japanese). */
export function fmtValue(v) {
  if (v == null || Number.isNaN(v)) return '';
  const lang = getLang();
  if (!cf || cfLang !== lang) {
    cf = new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { notation: 'compact', maximumFractionDigits: 1 });
    cfLang = lang;
  }
  return cf.format(v);
}

/** A signed value difference in compact form ('+1.2M', '−345K'). */
export function fmtValueDelta(d) {
  if (d == null || Number.isNaN(d)) return '';
  if (d === 0) return '0';
  return `${d > 0 ? '+' : '\u2212'}${fmtValue(Math.abs(d))}`;
}
