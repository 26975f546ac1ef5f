// What the page exports: the scored CSV (the engine's, for Excel) and the model JSON with the
// what-if values written in.
import { clone } from './whatif.js';

/** The scored CSV: UTF-8 with a BOM, with the label column. */
export function scoredCsv(client) {
  // For a spreadsheet: formula-like text cells get a ' (README, "Spreadsheets").
  return client.scoredCsv({ bom: true, label: true, excelSafe: true });
}

/**
 * The model JSON (model: {obj, info}) with what-if values `w` ({indicators, dimensions,
 * bounds, rules}) written in.
 */
export function modelWithWhatIf(model, w) {
  const m = clone(model.obj);
  const info = model.info;
  for (const [id, weight] of Object.entries(w.indicators)) {
    const ind = m.indicators?.find((x) => x.id === id);
    if (ind) ind.weight = weight;
  }
  for (const [id, weight] of Object.entries(w.dimensions)) {
    const dim = m.dimensions?.find((x) => x.id === id);
    if (dim) dim.weight = weight;
  }
  for (const [id, rule] of Object.entries(w.rules)) {
    const ind = m.indicators?.find((x) => x.id === id);
    if (ind) ind.rule = clone(rule);
  }
  if (Object.keys(w.bounds).length) {
    // A model without segments uses the default ones: write them out to carry the bounds.
    if (!Array.isArray(m.segments)) m.segments = info.segments.map((s) => prune({ id: s.id, label: s.label, min: s.min, max: s.max, color: s.color, action: s.action }));
    for (const [id, b] of Object.entries(w.bounds)) {
      const seg = m.segments.find((x) => x.id === id);
      if (!seg) continue;
      if (b.min == null) delete seg.min; else seg.min = b.min;
      if (b.max == null) delete seg.max; else seg.max = b.max;
    }
  }
  return m;
}

const prune = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v != null));
