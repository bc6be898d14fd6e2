/** Decoding (never verifying) JWT claims and Supabase key formats. */
export interface SupabaseKeyInfo {
  format: 'jwt' | 'sb_secret' | 'sb_publishable';
  /** service_role / anon / authenticated for JWTs; `secret` / `publishable` for the new formats. */
  role: string;
  /** Project ref claim (JWT only). */
  ref?: string;
  /** Expiry, seconds since epoch (JWT only). */
  exp?: number;
  issuer?: string;
  /** Whether the key bypasses Row Level Security (server only). */
  secret: boolean;
  /** The public self-hosting demo key (`iss: supabase-demo`): a documented default, known to everyone. */
  demo?: boolean;
}

export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const json = Buffer.from(parts[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const payload: unknown = JSON.parse(json);
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function supabaseKeyInfo(value: string): SupabaseKeyInfo | undefined {
  const v = value.trim();
  if (v.startsWith('sb_secret_')) return { format: 'sb_secret', role: 'secret', secret: true };
  if (v.startsWith('sb_publishable_')) return { format: 'sb_publishable', role: 'publishable', secret: false };
  if (!v.startsWith('eyJ')) return undefined;
  const claims = decodeJwtPayload(v);
  if (!claims || typeof claims.role !== 'string') return undefined;
  const iss = typeof claims.iss === 'string' ? claims.iss : undefined;
  const ref = typeof claims.ref === 'string' ? claims.ref : undefined;
  // Supabase keys carry iss "supabase" (or the project's auth URL) and a role claim.
  if (!(iss === 'supabase' || (iss && /supabase/.test(iss)) || ref)) return undefined;
  return {
    format: 'jwt',
    role: claims.role,
    ref,
    exp: typeof claims.exp === 'number' ? claims.exp : undefined,
    issuer: iss,
    secret: claims.role === 'service_role' || claims.role === 'supabase_admin',
    demo: iss === 'supabase-demo',
  };
}

/** Generic JWT expiry (any issuer), seconds since epoch. */
export function jwtExpiry(value: string): number | undefined {
  const claims = decodeJwtPayload(value.trim());
  return claims && typeof claims.exp === 'number' ? claims.exp : undefined;
}

/** The project ref in a Supabase URL (`https://<ref>.supabase.co`) or pooler user (`postgres.<ref>`). */
export function supabaseRefFromUrl(url: string): string | undefined {
  const m = /^https?:\/\/([a-z0-9]{20})\.supabase\.(?:co|in|net)\b/i.exec(url.trim());
  if (m) return m[1].toLowerCase();
  const db = /\bdb\.([a-z0-9]{20})\.supabase\.co\b/i.exec(url);
  return db ? db[1].toLowerCase() : undefined;
}
