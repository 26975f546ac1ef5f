// kenko sql on postgres: parity with kenko score (tests/sql/parity.mjs).
// Needs a PostgreSQL server in PGHOST: tests/sql/with-postgres.sh node --test tests/sql/postgres.test.mjs
import { parityTests } from './parity.mjs';

parityTests('postgres');
