// A virtualised grid: only the rows in sight exist in the DOM (a pool of row elements reused
// as the user scrolls), so a million rows scroll like a hundred. Rows are addressed through a
// "view", a Uint32Array of row numbers in display order (sorted and filtered by the caller).
// Past a few million pixels browsers cap an element's height, so the scroll range is then
// scaled: the scroll bar's position maps linearly to the first visible row.
import { h } from './dom.js';

const MAX_BODY_PX = 4_000_000;

export class VirtualTable {
  /**
   * options: rowHeight, label (accessible name), onActivate(row, viewIndex), onSort(key),
   * testid (prefix for data-testid: <testid>, <testid>-row, <testid>-cell-<key>).
   * Columns: [{key, title, width (CSS grid track), sortable, align, cell(el) (builds the
   * cell's inner nodes once), render(el, row) (fills them for a row)}].
   */
  constructor(container, options) {
    this.options = options;
    this.rowHeight = options.rowHeight ?? 36;
    this.columns = [];
    this.view = new Uint32Array(0);
    this.active = -1;
    this.sort = { key: null, descending: false };
    this.pool = [];
    this.frame = 0;
    const tid = options.testid ?? 'table';
    this.head = h('div', { class: 'vt-head', role: 'row', 'aria-rowindex': 1 });
    this.window = h('div', { class: 'vt-window', role: 'rowgroup' });
    this.body = h('div', { class: 'vt-body' }, this.window);
    this.empty = h('div', { class: 'vt-empty', hidden: true });
    this.scroller = h('div', {
      class: 'vt-scroll', tabindex: 0, role: 'grid', testid: tid,
      'aria-label': options.label ?? '', 'aria-rowcount': 1, 'aria-colcount': 0,
      onscroll: () => this.schedule(),
      onkeydown: (e) => this.#key(e),
    }, this.head, this.body, this.empty);
    container.append(this.scroller);
    this.tid = tid;
    new ResizeObserver(() => this.schedule()).observe(this.scroller);
  }

  setColumns(columns) {
    this.columns = columns;
    this.template = columns.map((c) => c.width ?? 'minmax(80px, 1fr)').join(' ');
    // The narrowest the grid may get: the sum of each track's first pixel size. Below it the
    // table scrolls sideways; above it the fr tracks share the room.
    this.minWidth = columns.reduce((sum, c) => sum + Number(/(\d+(?:\.\d+)?)px/.exec(c.width ?? '80px')?.[1] ?? 80), 0);
    this.head.replaceChildren();
    this.head.style.gridTemplateColumns = this.template;
    this.head.style.minWidth = `${this.minWidth}px`;
    this.body.style.minWidth = `${this.minWidth}px`;
    for (const c of columns) {
      const cell = h('div', { role: 'columnheader', class: ['vt-th', c.align === 'right' && 'right'], dataset: { key: c.key } });
      if (c.sortable) {
        cell.append(h('button', {
          type: 'button', class: 'vt-sort', testid: `${this.tid}-sort-${c.key}`, text: c.title,
          title: c.tooltip ?? c.title,
          onclick: () => this.options.onSort?.(c.key),
        }));
      } else cell.append(h('span', { text: c.title, title: c.tooltip ?? c.title }));
      this.head.append(cell);
    }
    this.scroller.setAttribute('aria-colcount', columns.length);
    for (const r of this.pool) r.el.remove();
    this.pool = [];
    this.#markSort();
    this.schedule();
  }

  setSort(key, descending) {
    this.sort = { key, descending };
    this.#markSort();
  }

  #markSort() {
    for (const th of this.head.children) {
      const on = th.dataset.key === this.sort.key;
      if (on) th.setAttribute('aria-sort', this.sort.descending ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    }
  }

  /** New rows to show; keepPosition keeps the scroll offset (what-if refreshes). */
  setView(view, { keepPosition = false } = {}) {
    this.view = view;
    if (!keepPosition) {
      this.scroller.scrollTop = 0;
      this.active = -1;
    } else if (this.active >= view.length) this.active = view.length - 1;
    this.scroller.setAttribute('aria-rowcount', view.length + 1);
    this.schedule();
  }

  setEmptyText(text) {
    this.empty.textContent = text;
  }

  /** Re-renders the visible rows (their data changed). */
  refresh() {
    this.schedule();
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  #geometry() {
    const n = this.view.length;
    const total = n * this.rowHeight;
    const bodyPx = Math.min(total, MAX_BODY_PX);
    const viewPx = Math.max(0, this.scroller.clientHeight - this.head.offsetHeight);
    return { n, total, bodyPx, viewPx };
  }

  // Virtual pixel offset of the top of the viewport.
  #offset(g) {
    const st = this.scroller.scrollTop;
    if (g.total <= MAX_BODY_PX) return st;
    const range = g.bodyPx - g.viewPx;
    return range > 0 ? (Math.min(st, range) / range) * (g.total - g.viewPx) : 0;
  }

  render() {
    const g = this.#geometry();
    this.body.style.height = `${g.bodyPx}px`;
    this.empty.hidden = g.n > 0;
    const p = this.#offset(g);
    const first = Math.max(0, Math.floor(p / this.rowHeight));
    const sub = p - first * this.rowHeight;
    const count = Math.min(g.n - first, Math.ceil(g.viewPx / this.rowHeight) + 1);
    this.window.style.transform = `translateY(${this.scroller.scrollTop - sub}px)`;
    while (this.pool.length < count) this.pool.push(this.#makeRow());
    let activeId = '';
    for (let i = 0; i < this.pool.length; i++) {
      const r = this.pool[i];
      if (i >= count) {
        r.el.hidden = true;
        continue;
      }
      const vi = first + i;
      const row = this.view[vi];
      r.el.hidden = false;
      r.viewIndex = vi;
      r.row = row;
      r.el.setAttribute('aria-rowindex', vi + 2);
      r.el.dataset.row = row;
      const isActive = vi === this.active;
      r.el.classList.toggle('active', isActive);
      r.el.setAttribute('aria-selected', isActive ? 'true' : 'false');
      if (isActive) r.el.id = `${this.tid}-active-row`;
      else r.el.removeAttribute('id');
      if (isActive) activeId = r.el.id;
      for (let c = 0; c < this.columns.length; c++) this.columns[c].render(r.cells[c], row, vi);
    }
    if (activeId) this.scroller.setAttribute('aria-activedescendant', activeId);
    else this.scroller.removeAttribute('aria-activedescendant');
  }

  #makeRow() {
    const cells = this.columns.map((c) => {
      const el = h('div', { role: 'gridcell', class: ['vt-td', c.align === 'right' && 'right', c.className], testid: `${this.tid}-cell-${c.key}` });
      c.cell?.(el);
      return el;
    });
    const el = h('div', { class: 'vt-row', role: 'row', testid: `${this.tid}-row` }, cells);
    el.style.gridTemplateColumns = this.template;
    el.style.height = `${this.rowHeight}px`;
    el.style.minWidth = `${this.minWidth}px`;
    const rec = { el, cells, row: -1, viewIndex: -1 };
    el.addEventListener('click', () => {
      if (rec.viewIndex < 0) return;
      this.active = rec.viewIndex;
      this.scroller.focus({ preventScroll: true });
      this.render();
      this.options.onActivate?.(rec.row, rec.viewIndex);
    });
    this.window.append(el);
    return rec;
  }

  /** Scrolls so that view index vi is visible. */
  scrollToIndex(vi) {
    const g = this.#geometry();
    const p = this.#offset(g);
    const top = vi * this.rowHeight;
    let target = p;
    if (top < p) target = top;
    else if (top + this.rowHeight > p + g.viewPx) target = top + this.rowHeight - g.viewPx;
    if (target === p) return;
    if (g.total <= MAX_BODY_PX) this.scroller.scrollTop = target;
    else {
      const range = g.bodyPx - g.viewPx;
      this.scroller.scrollTop = (target / (g.total - g.viewPx)) * range;
    }
  }

  #key(e) {
    const n = this.view.length;
    if (!n) return;
    const page = Math.max(1, Math.floor(this.#geometry().viewPx / this.rowHeight) - 1);
    let next;
    switch (e.key) {
      case 'ArrowDown': next = Math.min(n - 1, this.active + 1); break;
      case 'ArrowUp': next = Math.max(0, this.active - 1); break;
      case 'PageDown': next = Math.min(n - 1, Math.max(0, this.active) + page); break;
      case 'PageUp': next = Math.max(0, this.active - page); break;
      case 'Home': next = 0; break;
      case 'End': next = n - 1; break;
      case 'Enter':
      case ' ':
        if (this.active >= 0) {
          e.preventDefault();
          this.options.onActivate?.(this.view[this.active], this.active);
        }
        return;
      default: return;
    }
    e.preventDefault();
    this.active = next;
    this.scrollToIndex(next);
    this.render();
  }
}
