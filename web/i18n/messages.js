// The engine's messages in the UI language: an error or warning from the engine carries a code
// and parameters (docs/JS-API.md, "Error codes"); messages-en.js and messages-ja.js hold a
// template per code (syntax: src/base/messages.h). A message without a code, or with a code
// the UI has no text for, is shown in the engine's English words. Each function takes the
// language last (index.js passes the UI's).
import en from './messages-en.js';
import ja from './messages-ja.js';

const CATALOGUES = { en, ja };

/**
 * Fills a template: {name}, {name|table} (the word for the value), {name?TEXT}, {!name?TEXT}.
 * @param {string} tmpl
 * @param {Record<string, string>} params
 * @param {Record<string, Record<string, string>>} [words]
 */
export function fillTemplate(tmpl, params = {}, words = {}) {
  let at = 0;
  // Fills from `at` up to an unmatched '}' (or the end); `show` false: skips.
  function fill(show) {
    let out = '';
    while (at < tmpl.length) {
      const c = tmpl[at];
      if (c === '}') {
        at += 1;
        return out;
      }
      if (c !== '{') {
        if (show) out += c;
        at += 1;
        continue;
      }
      at += 1;
      const negated = tmpl[at] === '!';
      if (negated) at += 1;
      let end = at;
      while (end < tmpl.length && !'}|?'.includes(tmpl[end])) end += 1;
      const name = tmpl.slice(at, end);
      const value = Object.hasOwn(params, name) && params[name] != null ? String(params[name]) : null;
      const given = value != null && value !== '';
      if (end >= tmpl.length) {
        at = end;
        break;
      }
      if (tmpl[end] === '?') {
        at = end + 1;
        const inner = fill(show && (negated ? !given : given));
        if (show) out += inner;
      } else if (tmpl[end] === '|') {
        const close = tmpl.indexOf('}', end);
        const table = tmpl.slice(end + 1, close < 0 ? tmpl.length : close);
        if (show && value != null) out += words[table]?.[value] ?? value;
        at = close < 0 ? tmpl.length : close + 1;
      } else {
        if (show && value != null) out += value;
        at = end + 1;
      }
    }
    return out;
  }
  return fill(true);
}

/** Whether the UI has a text for the code (in any language). */
export const hasMessage = (code) => Boolean(code) && Object.hasOwn(en.texts, code);

/**
 * A coded message in `lang`; `fallback` (the engine's English) when the code is unknown.
 * @param {string|undefined} code
 * @param {Record<string, string>|undefined} params
 * @param {string} [fallback]
 * @param {string} [lang]
 */
export function messageText(code, params, fallback = '', lang = 'en') {
  const cat = CATALOGUES[lang] ?? en;
  const tmpl = code ? cat.texts[code] ?? (fallback ? null : en.texts[code]) : null;
  if (tmpl == null) return fallback || code || '';
  return fillTemplate(tmpl, params ?? {}, cat.words);
}

/** A model problem or warning ({path, message, code?, params?}) without its path. */
export const problemMessage = (p, lang = 'en') => messageText(p?.code, p?.params, p?.message ?? '', lang);

/** A model problem as one line: "path: message". */
export function problemText(p, lang = 'en') {
  const m = problemMessage(p, lang);
  return p?.path ? `${p.path}: ${m}` : m;
}

/**
 * An engine error's message: a model error's problems one per line, a coded error its text,
 * anything else its own message.
 * @param {{message?: string, code?: string, params?: Record<string, string>, problems?: any[]}} err
 * @param {string} [lang]
 */
export function errorText(err, lang = 'en') {
  if (Array.isArray(err?.problems) && err.problems.length) return err.problems.map((p) => problemText(p, lang)).join('\n');
  return messageText(err?.code, err?.params, err?.message ?? String(err), lang);
}

/** A reading warning: {code, params, message} or a plain line. */
export const warningText = (w, lang = 'en') => (typeof w === 'string' ? w : messageText(w?.code, w?.params, w?.message ?? '', lang));
