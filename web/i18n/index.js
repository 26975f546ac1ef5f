// The UI language: English or Japanese, from navigator.language unless the user chose one
// (remembered in localStorage). Every string lives in en.js / ja.js under the same keys; the
// engine's messages (by code) in messages-en.js / messages-ja.js.
import en from './en.js';
import ja from './ja.js';
import * as msg from './messages.js';

const DICTS = { en, ja };
const STORAGE_KEY = 'kenko.lang';
const listeners = new Set();

function initialLang() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && DICTS[saved]) return saved;
  } catch { /* storage blocked: fall through */ }
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language || 'en'];
  for (const l of langs) {
    const base = String(l).toLowerCase().split('-')[0];
    if (DICTS[base]) return base;
  }
  return 'en';
}

let lang = initialLang();

export const languages = () => Object.keys(DICTS);
export const getLang = () => lang;

/** t('key', {n: 3}) → the string in the UI language with {n} replaced. */
export function t(key, params) {
  let s = DICTS[lang][key] ?? DICTS.en[key];
  if (s == null) {
    console.warn(`kenko i18n: no string for '${key}'`);
    return key;
  }
  if (params) s = s.replace(/\{(\w+)\}/g, (m, p) => (p in params ? String(params[p]) : m));
  return s;
}

/** Translates the static markup: data-i18n (text), data-i18n-title, -placeholder, -aria-label. */
export function translateStatic(root = document) {
  /** @type {(sel: string) => NodeListOf<HTMLInputElement>} */
  const all = (sel) => root.querySelectorAll(sel);
  for (const el of all('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of all('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of all('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of all('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
}

export function setLang(next) {
  if (!DICTS[next] || next === lang) return;
  lang = next;
  try { localStorage.setItem(STORAGE_KEY, next); } catch { /* not remembered */ }
  document.documentElement.lang = next;
  translateStatic();
  for (const fn of listeners) fn(next);
}

/** Calls fn(lang) after every language switch (views re-render their dynamic text). */
export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Whether the UI has a string for key (for optional help texts). */
export const has = (key) => key in DICTS[lang] || key in DICTS.en;

// The engine's coded errors and warnings in the UI language (messages.js).
export const messageText = (code, params, fallback) => msg.messageText(code, params, fallback, lang);
export const problemMessage = (p) => msg.problemMessage(p, lang);
export const problemText = (p) => msg.problemText(p, lang);
export const errorText = (err) => msg.errorText(err, lang);
export const warningText = (w) => msg.warningText(w, lang);
