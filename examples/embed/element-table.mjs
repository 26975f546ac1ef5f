// The host's side of element-table.html: listens to the element's events.
const el = document.getElementById('scorer');
const log = document.getElementById('log');
el.addEventListener('kenko-scored', (e) => {
  const { rows, summary } = e.detail;
  log.textContent = `${rows} customers scored, mean ${summary.mean?.toFixed(2) ?? '—'}`;
});
el.addEventListener('kenko-error', (e) => {
  log.textContent = `kenko: ${e.detail.error.message}`;
});
