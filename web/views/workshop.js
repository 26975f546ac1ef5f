// Workshop mode: the page for a consultant in front of a client, on a projector (1280×720 or
// 1920×1080). A class on <body> (style.css lays it out): the what-if sliders (dimensions first,
// indicators folded by dimension), the segment summary and histogram, the from→to matrix, the
// scenario switcher and comparison, the AUC — large type everywhere, charts included — and the
// validation figures below. The views stay live, so what-if changes made before still show.
// Keys (not while typing in a field): 1–9 the n-th dimension's slider (indicators without
// dimensions), + / − step the slider in focus (or the last one used), 0 back to the model, N / B
// the next / previous scenario, P presenter mode (customer names hidden), F full screen, Esc
// leaves. The presenter switch hides customer names everywhere (controller.presenter).
import { h, replace, $$ } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';

export function createWorkshopView(bar, toggle, app) {
  const ctl = app.controller;
  const titleEl = h('strong', { class: 'workshop-title', testid: 'workshop-title' });
  const keys = h('span', { class: 'workshop-note', testid: 'workshop-keys' });
  const presenterBtn = h('button', { type: 'button', testid: 'workshop-presenter', 'aria-pressed': 'false', onclick: () => ctl.setPresenter(!ctl.presenter) });
  const fsBtn = h('button', { type: 'button', testid: 'workshop-fullscreen', onclick: () => fullscreen() });
  const exitBtn = h('button', { type: 'button', class: 'primary', testid: 'workshop-exit', onclick: () => set(false) });
  replace(bar, h('div', { class: 'workshop-head' }, titleEl, keys), h('div', { class: 'button-row' }, presenterBtn, fsBtn, exitBtn));
  toggle.addEventListener('click', () => set(!on()));
  // The layout fills the screen below the bar (style.css: --workshop-bar).
  new ResizeObserver(() => {
    if (on()) document.documentElement.style.setProperty('--workshop-bar', `${bar.offsetHeight}px`);
  }).observe(bar);
  /** @type {HTMLInputElement|null} the slider stepped by + and − when none has the focus */
  let lastSlider = null;
  document.addEventListener('focusin', (e) => {
    const el = /** @type {HTMLElement} */ (e.target);
    if (el instanceof HTMLInputElement && el.type === 'range' && el.closest('#whatif')) lastSlider = el;
  });

  function on() {
    return document.body.classList.contains('workshop');
  }

  function set(value) {
    if (value === on()) return;
    document.body.classList.toggle('workshop', value);
    document.documentElement.classList.toggle('workshop-root', value);
    bar.hidden = !value;
    toggle.setAttribute('aria-pressed', value ? 'true' : 'false');
    if (!value && document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
    render();
    app.events.dispatchEvent(new CustomEvent('workshop', { detail: { on: value } }));
    // Charts follow their boxes (ResizeObserver); bring the top into view.
    window.scrollTo({ top: 0 });
    (value ? exitBtn : toggle).focus();
  }

  function fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
    else document.documentElement.requestFullscreen?.().catch(() => {});
  }

  // The sliders in order: dimensions first, then indicators.
  function sliders(kind) {
    return /** @type {HTMLInputElement[]} */ ($$(`#whatif input[type="range"][data-kind="${kind}"]`));
  }

  function step(direction) {
    const focused = document.activeElement;
    const el = focused instanceof HTMLInputElement && focused.type === 'range' && focused.closest('#whatif') ? focused : lastSlider;
    if (!el?.isConnected) return;
    el.dispatchEvent(new KeyboardEvent('keydown', { key: direction > 0 ? 'ArrowUp' : 'ArrowDown', bubbles: true, cancelable: true }));
  }

  document.addEventListener('keydown', (e) => {
    if (!on() || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Escape') {
      if (document.querySelector('#detail:not([hidden])')) return; // the drawer closes first
      e.preventDefault();
      set(false);
      return;
    }
    const target = /** @type {HTMLElement} */ (e.target);
    const typing = target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement ||
      (target instanceof HTMLInputElement && target.type !== 'range' && target.type !== 'checkbox');
    if (typing) return;
    const k = e.key;
    if (/^[1-9]$/.test(k)) {
      const list = sliders('dimension').length ? sliders('dimension') : sliders('indicator');
      const el = list[Number(k) - 1];
      if (el) {
        e.preventDefault();
        el.closest('details')?.setAttribute('open', '');
        el.focus();
        el.scrollIntoView({ block: 'nearest' });
      }
    } else if (k === '+' || k === '=' || k === ']') {
      e.preventDefault();
      step(1);
    } else if (k === '-' || k === '[') {
      e.preventDefault();
      step(-1);
    } else if (k === '0') {
      e.preventDefault();
      ctl.resetWhatIf();
    } else if (k === 'p' || k === 'P') {
      e.preventDefault();
      ctl.setPresenter(!ctl.presenter);
    } else if (k === 'f' || k === 'F') {
      e.preventDefault();
      fullscreen();
    } else if (k === 'n' || k === 'N' || k === 'b' || k === 'B') {
      e.preventDefault();
      app.events.dispatchEvent(new CustomEvent('scenario-step', { detail: { by: k.toLowerCase() === 'n' ? 1 : -1 } }));
    }
  });
  document.addEventListener('fullscreenchange', render);

  function render() {
    toggle.textContent = t('workshop.toggle');
    toggle.title = t('workshop.toggleTitle');
    titleEl.textContent = ctl.model ? `${ctl.model.info.name || ''}${ctl.source ? ` — ${ctl.source.name}` : ''}` : '';
    keys.textContent = t('workshop.keys');
    presenterBtn.textContent = ctl.presenter ? t('workshop.presenterOn') : t('workshop.presenter');
    presenterBtn.title = t('workshop.presenterTitle');
    presenterBtn.setAttribute('aria-pressed', ctl.presenter ? 'true' : 'false');
    document.body.classList.toggle('presenter', ctl.presenter);
    fsBtn.textContent = document.fullscreenElement ? t('workshop.exitFullscreen') : t('workshop.fullscreen');
    exitBtn.textContent = t('workshop.exit');
  }

  for (const ev of ['table', 'model', 'presenter']) ctl.addEventListener(ev, render);
  onLangChange(render);
  render();
  return { set, on };
}
