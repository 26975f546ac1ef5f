// Deterministic random health models over the columns of `kenko generate` tables (English
// headers), for the SQL parity test: every rule type on column, ratio and change sources,
// weights (default, 0, whole, fractional, full-precision), missing_points and both missing
// policies, dimensions, segments with score bounds and `when` conditions on the score,
// indicators, dimensions and columns (bounds, `in`, presence), alerts and the trend extension.
// Thresholds are drawn from the table's own values (so that values equal to a bound occur),
// rounded, or at full precision.

// mulberry32: a small seeded PRNG, the same on every platform.
export function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
  };
  return r;
}

const NUMERIC = [
  'arr', 'seats', 'active_users', 'logins_per_day', 'key_feature_uses_30d', 'feature_adoption_pct',
  'days_since_last_login', 'usage_prev_month', 'usage_this_month', 'tickets_30d', 'ticket_severity_high',
  'meetings_90d', 'faq_views_30d', 'nps', 'csat', 'ces', 'goal_attainment_pct', 'community_posts_90d',
  'announcement_open_rate', 'contract_months_left', 'tenure_months', 'churned',
];
// Numeric columns written as whole numbers: a category may read them as text too.
const WHOLE = ['nps', 'csat', 'ces', 'tickets_30d', 'ticket_severity_high', 'contract_months_left', 'meetings_90d'];
const YES_NO = ['seminar_attended', 'onboarding_done', 'executive_sponsor', 'churned'];
const PAIRS = [
  ['active_users', 'seats'], ['usage_this_month', 'usage_prev_month'], ['key_feature_uses_30d', 'active_users'],
  ['tickets_30d', 'seats'], ['ticket_severity_high', 'tickets_30d'], ['meetings_90d', 'tenure_months'],
  ['community_posts_90d', 'faq_views_30d'],
];
const MISSING = new Set(['', '-', 'NA', 'N/A', '#N/A', 'null', 'NULL']);

// The sorted distinct values of each numeric column and of each ratio and change, from the
// table's rows (header first). Plain decimals only, as `kenko generate` writes them.
export function valuePools(rows) {
  const header = rows[0];
  const index = Object.fromEntries(header.map((h, i) => [h, i]));
  const num = (row, c) => {
    const t = row[index[c]].trim();
    return MISSING.has(t) ? NaN : Number(t);
  };
  const pools = {};
  const add = (key, v) => {
    if (Number.isFinite(v)) (pools[key] ??= new Set()).add(v);
  };
  for (const row of rows.slice(1)) {
    for (const c of NUMERIC) add(c, num(row, c));
    for (const [a, b] of PAIRS) {
      const x = num(row, a), y = num(row, b);
      if (Number.isNaN(x) || Number.isNaN(y) || y === 0) continue;
      add(`ratio:${a}/${b}`, x / y);
      add(`change:${a}/${b}`, ((x - y) / Math.abs(y)) * 100);
    }
  }
  return Object.fromEntries(Object.entries(pools).map(([k, s]) => [k, [...s].sort((p, q) => p - q)]));
}

export function generateModel(seed, pools) {
  const r = random(seed * 7919 + 17);
  // A bound: a value of the table, a rounded one, or one at full precision.
  const bound = (pool) => {
    const v = r.pick(pool);
    const u = r.next();
    if (u < 0.5) return v;
    if (u < 0.75) return Math.round(v * 100) / 100;
    return v * (1 + (r.next() - 0.5) * 1e-3) + r.next() * 1e-6;
  };
  const points = () => r.pick([0, 5, 10, 20, 25, 40, 50, 60, 75, 80, 100, 33.3, 12.5, 7.25, Math.round(r.next() * 1e6) / 1e4, r.next() * 100]);
  const weight = () => {
    const u = r.next();
    if (u < 0.3) return undefined;
    if (u < 0.38) return 0;
    if (u < 0.7) return r.int(1, 10);
    if (u < 0.85) return Math.round(r.next() * 1000) / 100;
    return r.next() * 7;
  };

  const model = { version: 1, name: `generated ${seed}`, id_column: 'account_id' };
  if (r.chance(0.3)) model.missing = 'zero';
  const dims = r.chance(0.45) ? r.int(1, 4) : 0;
  if (dims) {
    model.dimensions = [];
    for (let g = 0; g < dims; g++) {
      const d = { id: `d${g}`, label: `Dimension ${g}` };
      const w = r.next();
      if (w < 0.1) d.weight = 0;
      else if (w < 0.5) d.weight = r.int(1, 5);
      else if (w < 0.7) d.weight = r.next() * 3;
      model.dimensions.push(d);
    }
  }

  const k = r.int(1, 12);
  model.indicators = [];
  for (let i = 0; i < k; i++) {
    const ind = { id: `i${i}`, label: `Indicator ${i}` };
    const type = r.pick(['bands', 'bands', 'linear', 'linear', 'percentile', 'boolean', 'category', 'category']);
    let pool;
    if (type === 'boolean') {
      ind.column = r.pick(YES_NO);
    } else if (type === 'category') {
      ind.column = r.chance(0.5) ? 'plan' : r.pick(WHOLE);
    } else {
      const u = r.next();
      if (u < 0.6) {
        ind.column = r.pick(NUMERIC);
        pool = pools[ind.column];
      } else {
        const [a, b] = r.pick(PAIRS);
        const kind = u < 0.8 ? 'ratio' : 'change';
        ind[kind] = [a, b];
        pool = pools[`${kind}:${a}/${b}`];
      }
    }
    let P = 0;
    if (type === 'bands') {
      const n = r.int(1, 4);
      const lower = r.chance(0.4);
      const cuts = [...new Set(Array.from({ length: n }, () => bound(pool)))].sort((p, q) => (lower ? p - q : q - p));
      const bands = cuts.map((c) => {
        const band = lower ? { max: c } : { min: c };
        if (r.chance(0.2)) {
          const other = bound(pool);
          if (lower) band.min = Math.min(other, c);
          else band.max = Math.max(other, c) + 1;
        }
        band.points = points();
        return band;
      });
      if (r.chance(0.5)) bands.push({ points: points() });
      if (Math.max(...bands.map((b) => b.points)) <= 0) bands[0].points = 100;
      ind.rule = { type, bands };
      P = Math.max(...bands.map((b) => b.points));
    } else if (type === 'linear') {
      let from = bound(pool), to = bound(pool);
      if (from === to) to = from + 1;
      ind.rule = { type, from, to };
      if (r.chance(0.5)) ind.rule.points = Math.max(1, points());
      P = ind.rule.points ?? 100;
    } else if (type === 'percentile') {
      ind.rule = { type, lower_is_better: r.chance(0.5) };
      if (r.chance(0.5)) ind.rule.points = Math.max(1, points());
      P = ind.rule.points ?? 100;
    } else if (type === 'boolean') {
      ind.rule = { type };
      if (r.chance(0.5)) ind.rule.points = Math.max(1, points());
      P = ind.rule.points ?? 100;
    } else {
      const keys = ind.column === 'plan' ? ['Starter', 'pro', 'ENTERPRISE'] : ['0', '1', '2', '3', '4', '5', '7', '9', '10'];
      const map = {};
      for (const key of keys) if (r.chance(0.7)) map[key] = points();
      if (!Object.keys(map).length) map[keys[0]] = 100;
      ind.rule = { type, map };
      if (r.chance(0.5)) ind.rule.else = points();
      P = Math.max(...Object.values(map), ind.rule.else ?? 0);
      if (P <= 0) {
        ind.rule.map[Object.keys(map)[0]] = 100;
        P = 100;
      }
    }
    const w = weight();
    if (w !== undefined) ind.weight = w;
    if (r.chance(0.2)) ind.missing_points = r.pick([0, P, P / 2, r.next() * P]);
    if (dims) ind.dimension = `d${r.int(0, dims - 1)}`;
    model.indicators.push(ind);
  }

  const condition = () => {
    const u = r.next();
    const c = {};
    const range = (pool) => {
      if (r.chance(0.6)) c.min = bound(pool);
      if (r.chance(0.5)) c.max = bound(pool) + (c.min ?? 0) * 0.5;
    };
    const scale = Array.from({ length: 101 }, (_, i) => i);
    if (u < 0.25) {
      c.field = 'score';
      range(scale);
    } else if (u < 0.45) {
      c.field = `indicator.i${r.int(0, k - 1)}`;
      range(scale);
    } else if (u < 0.55 && dims) {
      c.field = `dimension.d${r.int(0, dims - 1)}`;
      range(scale);
    } else if (u < 0.75) {
      const col = r.pick(NUMERIC);
      c.field = `column.${col}`;
      range(pools[col]);
    } else if (u < 0.85) {
      c.field = 'column.plan';
      c.in = ['starter', ' Pro ', 'Enterprise'].filter(() => r.chance(0.5));
    } else if (u < 0.92) {
      c.field = r.pick(['column.nps', 'column.csat']);
      c.in = ['9', '10', '5', '3'].filter(() => r.chance(0.5));
      if (r.chance(0.3)) c.min = 2;
    } else {
      c.field = `column.${r.pick(['seminar_attended', 'executive_sponsor', 'arr', 'nps'])}`;  // presence
    }
    return c;
  };
  if (r.chance(0.55)) {
    const n = r.int(2, 5);
    model.segments = [];
    for (let g = 0; g < n; g++) {
      const s = { id: `s${g}`, label: `Segment ${g}` };
      if (r.chance(0.6)) s.min = r.pick([70, 55.5, 40, 33.333333333333336, r.next() * 100]);
      if (r.chance(0.3)) s.max = r.pick([90, 50, r.next() * 100]);
      if (r.chance(0.45)) s.when = Array.from({ length: r.int(1, 2) }, condition);
      model.segments.push(s);
    }
    if (r.chance(0.5)) model.segments.push({ id: 'rest', label: 'Everyone else' });
  }
  const alerts = r.int(0, 4);
  if (alerts) {
    model.alerts = Array.from({ length: alerts }, (_, a) => ({
      id: `a${a}`,
      label: `Alert ${a}`,
      when: Array.from({ length: r.int(1, 3) }, condition),
    }));
  }
  if (r.chance(0.5)) model.trend = { deteriorating_drop: r.pick([1, 5, 10, 2.5, r.next() * 20 + 0.1]) };
  if (r.chance(0.3)) model.outcome = { column: 'churned' };
  return model;
}
