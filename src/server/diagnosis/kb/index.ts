/** The curated knowledge base: every pattern that ships with the extension. */
import { FIREBASE_PATTERNS } from './firebase';
import { MONGODB_PATTERNS } from './mongodb';
import { MYSQL_PATTERNS } from './mysql';
import { NETWORK_PATTERNS } from './network';
import { POSTGRES_PATTERNS } from './postgres';
import { SUPABASE_PATTERNS } from './supabase';
import type { Pattern } from './types';
import { WRAPPER_PATTERNS } from './wrappers';

export const CURATED_PATTERNS: readonly Pattern[] = [
  ...NETWORK_PATTERNS,
  ...POSTGRES_PATTERNS,
  ...MYSQL_PATTERNS,
  ...MONGODB_PATTERNS,
  ...FIREBASE_PATTERNS,
  ...SUPABASE_PATTERNS,
  ...WRAPPER_PATTERNS,
];

export type { Pattern } from './types';
export { FIXES } from './fixes';
export { docsUrlFor } from './docs';
