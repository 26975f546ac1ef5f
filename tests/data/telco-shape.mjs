// Writes a synthetic table shaped like the public telco churn exports (7,043 customers, a UTF-8
// byte-order mark, CRLF line ends, 26 columns, Yes/No churn), for the tests of `kenko init`: a
// customer id, constant columns (Count, Country), a city and a zip code, yes/no and category
// columns (Contract, InternetService, PaymentMethod, "No internet service" answers), tenure and
// charges (TotalCharges blank for new customers), and a leak: Churn Reason, filled only for the
// customers who churned. The churn follows the public table's known patterns (month-to-month
// contracts, fiber optic, electronic check, short tenure, no tech support churn more), drawn
// from a fixed seed: the same bytes every run. No real data is used.
// Usage: node tests/data/telco-shape.mjs OUT.csv [ROWS]
import { writeFileSync } from 'node:fs';

const out = process.argv[2];
const rows = Number(process.argv[3] ?? 7043);
if (!out) throw new Error('usage: telco-shape.mjs OUT.csv [ROWS]');

let state = 0x9e3779b9;
function random() {  // mulberry32
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const chance = (p) => random() < p;
const logistic = (x) => 1 / (1 + Math.exp(-x));

const cities = [];
for (let i = 0; i < 600; i++) cities.push(`City ${String.fromCharCode(65 + (i % 26))}${Math.floor(i / 26)}`);
const reasons = ['Competitor offered higher download speeds', 'Competitor made better offer',
  'Attitude of support person', 'Price too high', 'Product dissatisfaction',
  'Network reliability', 'Moved', 'Long distance charges', 'Service dissatisfaction',
  "Don't know"];
const header = ['customerID', 'Count', 'Country', 'City', 'Zip Code', 'gender', 'SeniorCitizen',
  'Partner', 'Dependents', 'tenure', 'PhoneService', 'MultipleLines', 'InternetService',
  'OnlineSecurity', 'OnlineBackup', 'DeviceProtection', 'TechSupport', 'StreamingTV',
  'StreamingMovies', 'Contract', 'PaperlessBilling', 'PaymentMethod', 'MonthlyCharges',
  'TotalCharges', 'Churn', 'Churn Reason'];
const lines = [header.join(',')];
const yesNo = (b) => (b ? 'Yes' : 'No');
for (let r = 0; r < rows; r++) {
  const id = `${String(1000 + Math.floor(random() * 9000))}-${Array.from({ length: 5 }, () => String.fromCharCode(65 + Math.floor(random() * 26))).join('')}${r}`;
  const senior = chance(0.16);
  const partner = chance(0.48);
  const dependents = partner ? chance(0.5) : chance(0.12);
  const contract = pick(['Month-to-month', 'Month-to-month', 'Month-to-month', 'One year', 'Two year']);
  const tenureMean = contract === 'Two year' ? 56 : contract === 'One year' ? 42 : 18;
  const tenure = Math.max(0, Math.min(72, Math.round(tenureMean + (random() - 0.5) * 2 * tenureMean)));
  const phone = chance(0.9);
  const multiple = phone ? yesNo(chance(0.45)) : 'No phone service';
  const internet = pick(['DSL', 'Fiber optic', 'Fiber optic', 'No']);
  const service = (p) => (internet === 'No' ? 'No internet service' : yesNo(chance(p)));
  const security = service(0.35), backup = service(0.42), protection = service(0.42);
  const support = service(0.35), tv = service(0.5), movies = service(0.5);
  const paperless = chance(0.59);
  const payment = pick(['Electronic check', 'Electronic check', 'Mailed check',
    'Bank transfer (automatic)', 'Credit card (automatic)']);
  let monthly = 20 + (phone ? 5 : 0) + (internet === 'DSL' ? 25 : internet === 'Fiber optic' ? 50 : 0);
  for (const s of [security, backup, protection, support, tv, movies]) if (s === 'Yes') monthly += 5 + random() * 5;
  monthly = Math.round((monthly + random() * 8) * 100) / 100;
  const total = tenure === 0 ? ' ' : (Math.round(monthly * tenure * (0.95 + random() * 0.1) * 100) / 100).toFixed(2);
  let logit = -2.15;
  logit += contract === 'Month-to-month' ? 1.4 : contract === 'One year' ? -0.3 : -1.6;
  logit += internet === 'Fiber optic' ? 0.8 : internet === 'No' ? -0.8 : 0;
  logit += payment === 'Electronic check' ? 0.5 : 0;
  logit -= 0.035 * tenure;
  logit += security === 'No' ? 0.4 : 0;
  logit += support === 'No' ? 0.4 : 0;
  logit += senior ? 0.3 : 0;
  logit += paperless ? 0.3 : 0;
  logit += dependents ? -0.2 : 0;
  const churn = chance(logistic(logit));
  const city = pick(cities);
  const zip = 90000 + cities.indexOf(city) * 3 + Math.floor(random() * 3);
  lines.push([id, 1, 'United States', city, zip, pick(['Female', 'Male']), senior ? 1 : 0,
    yesNo(partner), yesNo(dependents), tenure, yesNo(phone), multiple, internet, security, backup,
    protection, support, tv, movies, contract, yesNo(paperless), `"${payment}"`, monthly.toFixed(2),
    total, yesNo(churn), churn ? `"${pick(reasons)}"` : ''].join(','));
}
writeFileSync(out, '\ufeff' + lines.join('\r\n') + '\r\n');
