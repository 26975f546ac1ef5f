// kenko sql on sqlite: parity with kenko score (tests/sql/parity.mjs).
import { parityTests } from './parity.mjs';

parityTests('sqlite');
