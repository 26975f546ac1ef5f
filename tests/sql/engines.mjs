// The three SQL engines the parity test runs kenko's SQL on, behind one interface:
//   await engine.exec(script)      runs a script (a load script: CREATE TABLE, rows)
//   await engine.query(sql)        { columns: [names], rows: [[cell, ...]] }, a cell being
//                                  null, a number, a string (texts, and DECIMAL values as
//                                  their exact decimal text) or a boolean
//   await engine.close()
// DuckDB in-process (@duckdb/node-api); SQLite through Debian's sqlite3 program (a database
// file, -json output: REALs with 17 significant digits); PostgreSQL through psql against the
// server in PGHOST (tests/sql/with-postgres.sh starts a throwaway one), in a fresh database.
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseCsvFields } from './csv.mjs';

const kBuffer = 1 << 30;

export async function duckdb() {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  return {
    name: 'duckdb',
    async exec(script) {
      await connection.run(script);
    },
    async query(sql) {
      const reader = await connection.runAndReadAll(sql);
      return { columns: reader.columnNames(), rows: reader.getRowsJson() };
    },
    async close() {
      connection.closeSync();
    },
  };
}

function run(program, args, input) {
  const r = spawnSync(program, args, { input, maxBuffer: kBuffer, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0 || /^(Error|Parse error|Runtime error)/m.test(r.stderr)) {
    throw new Error(`${program} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  }
  return r.stdout;
}

export async function sqlite(dir) {
  const file = join(dir, 'kenko-test.sqlite');
  rmSync(file, { force: true });
  return {
    name: 'sqlite',
    async exec(script) {
      run('sqlite3', ['-bail', file], script);
    },
    async query(sql) {
      const out = run('sqlite3', ['-bail', '-json', file], sql);
      const objects = out.trim() ? JSON.parse(out) : [];
      const columns = objects.length ? Object.keys(objects[0]) : [];
      return { columns, rows: objects.map((o) => columns.map((c) => o[c])) };
    },
    async close() {
      rmSync(file, { force: true });
    },
  };
}

export const postgresAvailable = () => Boolean(process.env.PGHOST);

export async function postgres(dir) {
  const database = `kenko_test_${process.pid}`;
  const admin = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', 'postgres'];
  execFileSync('psql', [...admin, '-c', `DROP DATABASE IF EXISTS ${database}`], { stdio: 'pipe' });
  execFileSync('psql', [...admin, '-c', `CREATE DATABASE ${database} ENCODING 'UTF8' TEMPLATE template0`], { stdio: 'pipe' });
  const base = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', database];
  let n = 0;
  const viaFile = (text) => {
    const file = join(dir, `pg-${process.pid}-${n++}.sql`);
    writeFileSync(file, text);
    return file;
  };
  return {
    name: 'postgres',
    async exec(script) {
      const file = viaFile(script);
      run('psql', [...base, '-f', file]);
      rmSync(file);
    },
    async query(sql) {
      const file = viaFile(sql);
      const out = run('psql', [...base, '--csv', '-f', file]);
      rmSync(file);
      const [header, ...rows] = parseCsvFields(out);
      return {
        columns: header.map((f) => f.text),
        rows: rows.map((row) => row.map((f) => (f.text === '' && !f.quoted ? null : f.text))),
      };
    },
    async close() {
      execFileSync('psql', [...admin, '-c', `DROP DATABASE IF EXISTS ${database}`], { stdio: 'pipe' });
    },
  };
}
