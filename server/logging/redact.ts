/**
 * The one place where secrets are removed from anything that may be logged, thrown or answered.
 * Keys are matched case-insensitively; free text is scrubbed of bearer tokens, JWTs and
 * `name=value` pairs whose name looks secret.
 */
const SECRET_KEY = /(authorization|access_?token|refresh_?token|id_?token|client_?secret|password|secret|accesskey|access_key|session_?name|sessionname|api_?key|cookie|code_verifier|encryption_?key)/i;

const TEXT_PATTERNS: Array<[RegExp, string]> = [
  [/Bearer\s+[A-Za-z0-9\-._~+/]+=*/gi, 'Bearer [REDACTED]'],
  [/Basic\s+[A-Za-z0-9+/]+=*/gi, 'Basic [REDACTED]'],
  // JWTs (Xero access and id tokens)
  [/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[REDACTED_JWT]'],
  // form / query / JSON pairs: refresh_token=..., "access_token":"..."
  [
    // MySQL's "(using password: YES)" says whether a password was sent, not the password: left as it is.
    /(["']?(?:access_token|refresh_token|id_token|client_secret|code_verifier|password|accessKey|sessionName)["']?\s*[:=]\s*["']?)(?!(?:YES|NO)\))([^"'&\s,})]+)/gi,
    '$1[REDACTED]',
  ],
];

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

export function redact<T>(value: T, depth = 0): T {
  if (depth > 8) return '[REDACTED_DEEP]' as T;
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1)) as T;
  if (value && typeof value === 'object') {
    if (value instanceof Error) {
      const copy = new Error(redactText(value.message));
      copy.name = value.name;
      // The original's frames (scrubbed), not the frames of this copy, which would all point here.
      copy.stack = value.stack === undefined ? `${value.name}: ${copy.message}` : redactText(value.stack);
      return copy as T;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEY.test(k) ? '[REDACTED]' : redact(v, depth + 1);
    }
    return out as T;
  }
  return value;
}
