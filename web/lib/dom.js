// Small DOM helpers. No HTML strings anywhere: every node is built with createElement, so no
// markup can be injected from a table cell or a model label, and no inline style attribute is
// ever written (the page's Content-Security-Policy forbids them; el.style.x = ... is allowed).

const PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'indeterminate', 'hidden', 'open', 'multiple']);

/**
 * h('button', {class: 'x', testid: 'y', onclick: fn, text: 'Go'}, child, ...) → element.
 * Props: class, text, testid (data-testid), dataset {}, style {}, on<event> handlers, DOM
 * properties (value, checked, disabled, ...), anything else as an attribute (true → '').
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
      else if (k === 'text') el.textContent = v;
      else if (k === 'testid') el.dataset.testid = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'style') Object.assign(el.style, v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (PROPS.has(k)) el[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** Replaces every child of el with the given children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** @returns {HTMLElement} */
export const $ = (sel, root = document) => root.querySelector(sel);
/** @returns {HTMLElement[]} */
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** Saves bytes or text as a file (a Blob and a temporary object URL: no network). */
export function download(data, filename, type) {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, class: 'hidden-link' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

let uid = 0;
/** A unique element id, for label/for and aria-* links. */
export const nextId = (prefix = 'k') => `${prefix}-${++uid}`;

/** A labelled select: options as [{value, text}]. */
export function select(options, value, props = {}) {
  const s = h('select', props);
  for (const o of options) s.append(h('option', { value: o.value, text: o.text, selected: o.value === value }));
  s.value = value;
  return s;
}
