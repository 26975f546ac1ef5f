// kenko sql on duckdb: parity with kenko score (tests/sql/parity.mjs).
import { parityTests } from './parity.mjs';

parityTests('duckdb');
