// A small RFC 4180 reader for the tests: kenko's outputs and psql's --csv. A field is
// { text, quoted } so that psql's NULL (an empty unquoted field) tells from an empty text ("").
export function parseCsvFields(text) {
  const rows = [];
  let row = [];
  let i = 0;
  const n = text.length;
  let field = '';
  let quoted = false;
  let atStart = true;
  while (i < n) {
    const c = text[i];
    if (atStart && c === '"') {
      quoted = true;
      atStart = false;
      i++;
      for (;;) {
        if (i >= n) throw new Error('csv: unterminated quote');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      continue;
    }
    if (c === ',') {
      row.push({ text: field, quoted });
      field = '';
      quoted = false;
      atStart = true;
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      row.push({ text: field, quoted });
      rows.push(row);
      row = [];
      field = '';
      quoted = false;
      atStart = true;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c;
    atStart = false;
    i++;
  }
  if (!atStart || row.length) {
    row.push({ text: field, quoted });
    rows.push(row);
  }
  return rows;
}

// Rows of texts (header first).
export function parseCsv(text) {
  return parseCsvFields(text.replace(/^\uFEFF/, '')).map((row) => row.map((f) => f.text));
}
