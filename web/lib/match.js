// Column names that mean the same column: the closest header for a model column (pre-selected in
// the mapping's selects), and the key of a header set (the remembered mapping per header set).
// Names are compared normalised: NFKC (full-width letters and digits become half-width), lower
// case, without spaces, '_', '-', '・' and punctuation ("Contract_Type", "contract-type",
// "ＣＯＮＴＲＡＣＴ ＴＹＰＥ" and "Contract Type" are one name), then through a small list of known
// synonyms ("Contract Type" and "Contract", "Customer ID" and "Account ID", "Churned?" and "Churn").

/** A name normalised for comparing: NFKC, lower case, letters and digits only. */
export function normName(s) {
  return String(s ?? '').normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

// Groups of names that mean the same column (normalised as normName). A model column and a
// header in one group match when nothing matches more closely.
const SYNONYMS = [
  ['contract', 'contracttype', 'contractkind', 'plan', 'plantype', 'tier', '契約', '契約種別', '契約形態', 'プラン'],
  ['accountid', 'customerid', 'clientid', 'companyid', 'custid', 'customerno', 'customernumber', 'accountnumber', '顧客id', '顧客番号', '顧客コード', '取引先id'],
  ['accountname', 'customername', 'clientname', 'company', 'companyname', 'account', 'customer', '顧客名', '会社名', '企業名', '社名', '取引先名'],
  ['churn', 'churned', 'churnflag', 'hasChurned', 'cancelled', 'canceled', 'lost', '解約', '解約済', '解約フラグ'].map(normName),
  ['nps', 'npsscore', 'netpromoterscore', '推奨度'],
  ['csat', 'csatscore', 'satisfaction', '満足度'],
  ['ces', 'cesscore', 'customereffortscore', '負担度'],
  ['arr', 'annualrecurringrevenue', '年間契約額'],
  ['mrr', 'monthlyrecurringrevenue', 'monthlycharges', '月額', '月額料金'],
  ['tenure', 'tenuremonths', 'monthsascustomer', '継続月数', '契約月数'],
  ['seats', 'licenses', 'licences', 'seatcount', 'licensecount', '席数', 'ライセンス数', '契約席数'],
  ['tickets', 'supporttickets', 'ticketcount', 'cases', 'supportcases', '問い合わせ数', '問合せ数', 'チケット数'],
  ['logins', 'logincount', 'loginsperweek', 'weeklylogins', 'ログイン数', 'ログイン回数'],
  ['dayssincelastlogin', 'daysinactive', 'lastlogindays', '最終ログインからの日数'],
  ['region', 'area', '地域', 'エリア'],
  ['industry', 'sector', 'vertical', '業種'],
].map((group) => group.map(normName));

const synonymsOf = new Map();
for (const group of SYNONYMS) for (const n of group) synonymsOf.set(n, group);

/** Levenshtein distance (small names only). */
function distance(a, b) {
  if (a === b) return 0;
  const m = a.length, n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[n];
}

/**
 * How closely a header matches a model column: 0 = the same name (normalised), 1 = known
 * synonyms, 2 = one a word-prefix of the other ('Contract' and 'Contract length'), 3 = one typo
 * in a name of 5 letters or more; null = no match.
 */
export function matchRank(column, header) {
  const a = normName(column), b = normName(header);
  if (!a || !b) return null;
  if (a === b) return 0;
  const g = synonymsOf.get(a);
  if (g && g.includes(b)) return 1;
  const short = a.length <= b.length ? a : b, long = a.length <= b.length ? b : a;
  if (short.length >= 4 && long.startsWith(short)) return 2;
  if (short.length >= 5 && distance(a, b) <= 1) return 3;
  return null;
}

/**
 * The closest header for each model column, each header given at most once (closest pairs
 * first; a tie between two headers for one column gives none: the user chooses).
 * @param {string[]} columns model columns
 * @param {string[]} header the table's header names
 * @param {Iterable<string>} [taken] headers already used (matched exactly)
 * @returns {Map<string, string>} model column → header
 */
export function closestMatches(columns, header, taken = []) {
  const used = new Set(taken);
  const pairs = [];
  for (const c of columns) {
    for (const x of header) {
      const r = matchRank(c, x);
      if (r != null) pairs.push({ c, x, r });
    }
  }
  pairs.sort((p, q) => p.r - q.r);
  const out = new Map();
  for (const p of pairs) {
    if (out.has(p.c) || used.has(p.x)) continue;
    // Ambiguous: another free header as close for this column.
    if (pairs.some((q) => q !== p && q.c === p.c && q.r === p.r && !used.has(q.x))) continue;
    out.set(p.c, p.x);
    used.add(p.x);
  }
  return out;
}

/** The key of a header set: its names normalised (as normName), sorted, joined. */
export function headerKey(header) {
  return [...new Set((header ?? []).map(normName))].sort().join('\u001f');
}

/**
 * Whether a table fits a model so poorly (fewer than half of the model's columns found, by
 * name or by a close one) that a model built from the table is the better way on than a mapping.
 * @param {string[]} columns the model's columns @param {string[]} header the table's
 */
export function fitsPoorly(columns, header) {
  if (!columns.length) return false;
  // closestMatches finds the same names too (rank 0): each model column counted once.
  const found = closestMatches(columns, header).size;
  return found / columns.length < 0.5;
}
