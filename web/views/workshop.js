// Workshop mode: a presentation view for consultants. Large type and only the segment summary,
// the histogram, the scenario comparison and the validation figures (AUC, ROC, lift, outcome
// rate per segment); full-screen friendly (a button asks the browser for full screen); Escape
// or the "Leave" button goes back. It is a class on <body> (style.css does the layout): the
// views stay live, so what-if changes made before still show.
import { h, replace } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';

export function createWorkshopView(bar, toggle, app) {
  const ctl = app.controller;
  const titleEl = h('strong', { class: 'workshop-title', testid: 'workshop-title' });
  const note = h('span', { class: 'workshop-note' });
  const fsBtn = h('button', { type: 'button', testid: 'workshop-fullscreen', onclick: () => fullscreen() });
  const exitBtn = h('button', { type: 'button', class: 'primary', testid: 'workshop-exit', onclick: () => set(false) });
  replace(bar, h('div', { class: 'workshop-head' }, titleEl, note), h('div', { class: 'button-row' }, fsBtn, exitBtn));
  toggle.addEventListener('click', () => set(!on()));

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

  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !on()) return;
    if (document.querySelector('#detail:not([hidden])')) return; // the drawer closes first
    e.preventDefault();
    set(false);
  });
  document.addEventListener('fullscreenchange', render);

  function render() {
    toggle.textContent = t('workshop.toggle');
    toggle.title = t('workshop.toggleTitle');
    titleEl.textContent = ctl.model ? `${ctl.model.info.name || ''}${ctl.source ? ` — ${ctl.source.name}` : ''}` : '';
    note.textContent = t('workshop.note');
    fsBtn.textContent = document.fullscreenElement ? t('workshop.exitFullscreen') : t('workshop.fullscreen');
    exitBtn.textContent = t('workshop.exit');
  }

  for (const ev of ['table', 'model']) ctl.addEventListener(ev, render);
  onLangChange(render);
  render();
  return { set, on };
}
