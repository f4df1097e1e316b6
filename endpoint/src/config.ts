import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { totpSecretProblem } from '../../src/core/totp';
import type { NotifyConfig } from './notify';
import type { EndpointConfig } from './server';

/** Reads the environment (endpoint/README.md lists every variable); a wrong value stops the start with a clear message. */

/** `URN1=value1,URN2=value2` → { URN1: 'value1', URN2: 'value2' }. */
export function perSchool(text: string | undefined, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (text ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`${name}: expected SCHOOL=VALUE pairs separated by commas.`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

const boolean = z.enum(['true', 'false']).transform((v) => v === 'true');
const envSchema = z.object({
  ENDPOINT_TOKEN: z.string().min(16, 'ENDPOINT_TOKEN must be at least 16 characters').optional(),
  ENDPOINT_SIGNING_KEY: z.string().min(16).optional(),
  ENROLMENT_TOKEN: z.string().min(16, 'ENROLMENT_TOKEN must be at least 16 characters').optional(),
  ACCEPT_V1: boolean.default(true),
  PSEUDONYM_KEY: z.string().min(1).optional(),
  PSEUDONYM_KEYS: z.string().optional(),
  UNLOCK_CODE_SECRET: z.string().optional(),
  UNLOCK_CODE_SECRETS: z.string().optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  TLS_CERT_FILE: z.string().optional(),
  TLS_KEY_FILE: z.string().optional(),
  TRUST_PROXY: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  PGLITE_DIR: z.string().default('./endpoint-data'),
  DSL_USER: z
    .string()
    .regex(/^[A-Za-z0-9._@-]{1,64}$/)
    .default('dsl'),
  DSL_PASSWORD: z.string().min(12, 'DSL_PASSWORD must be at least 12 characters').optional(),
  DSL_API_TOKEN: z.string().min(32, 'DSL_API_TOKEN must be at least 32 characters').optional(),
  COOKIE_SECURE: boolean.default(false),
  PUBLIC_URL: z.url().optional(),
  NOTIFY_WEBHOOK_URL: z.url().optional(),
  SMTP_URL: z.string().optional(),
  NOTIFY_EMAIL_FROM: z.string().optional(),
  NOTIFY_EMAIL_TO: z.string().optional(),
  WEEKLY_EMAIL_TO: z.string().optional(),
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  ALERT_FOLD_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
});

export interface ServerSettings {
  endpoint: EndpointConfig;
  notify: NotifyConfig;
  database: { databaseUrl?: string; dataDir: string };
  host: string;
  port: number;
  digestHour: number;
}

export function readEnvironment(env: NodeJS.ProcessEnv): ServerSettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  const e = parsed.data;
  if (e.ACCEPT_V1 && !e.ENDPOINT_TOKEN)
    throw new Error('Set ENDPOINT_TOKEN to the token in the extension policy (endpoint.token), or ACCEPT_V1=false with ENROLMENT_TOKEN.');
  if (!e.ENDPOINT_TOKEN && !e.ENROLMENT_TOKEN) throw new Error('Set ENROLMENT_TOKEN (or ENDPOINT_TOKEN) so devices can register.');
  const unlockSecrets = perSchool(e.UNLOCK_CODE_SECRETS, 'UNLOCK_CODE_SECRETS');
  for (const [school, secret] of Object.entries({ ...(e.UNLOCK_CODE_SECRET ? { '*': e.UNLOCK_CODE_SECRET } : {}), ...unlockSecrets })) {
    const problem = totpSecretProblem(secret);
    if (problem) throw new Error(`The unlock code secret${school === '*' ? '' : ` for ${school}`} ${problem}.`);
  }
  const trustProxy =
    e.TRUST_PROXY === undefined ? undefined : e.TRUST_PROXY === 'true' ? true : e.TRUST_PROXY === 'false' ? false : e.TRUST_PROXY;
  return {
    endpoint: {
      ...(e.ENDPOINT_TOKEN ? { token: e.ENDPOINT_TOKEN } : {}),
      ...(e.ENDPOINT_SIGNING_KEY ? { signingKey: e.ENDPOINT_SIGNING_KEY } : {}),
      ...(e.ENROLMENT_TOKEN ? { enrolmentToken: e.ENROLMENT_TOKEN } : {}),
      acceptV1: e.ACCEPT_V1,
      ...(e.PSEUDONYM_KEY ? { pseudonymKey: e.PSEUDONYM_KEY } : {}),
      pseudonymKeys: perSchool(e.PSEUDONYM_KEYS, 'PSEUDONYM_KEYS'),
      ...(e.UNLOCK_CODE_SECRET ? { unlockSecret: e.UNLOCK_CODE_SECRET } : {}),
      unlockSecrets,
      dslUser: e.DSL_USER,
      ...(e.DSL_PASSWORD ? { dslPassword: e.DSL_PASSWORD } : {}),
      ...(e.DSL_API_TOKEN ? { dslApiToken: e.DSL_API_TOKEN } : {}),
      secureCookies: e.COOKIE_SECURE,
      ...(trustProxy !== undefined ? { trustProxy } : {}),
      ...(e.TLS_CERT_FILE && e.TLS_KEY_FILE
        ? { tls: { cert: readFileSync(e.TLS_CERT_FILE, 'utf8'), key: readFileSync(e.TLS_KEY_FILE, 'utf8') } }
        : {}),
      ...(e.PUBLIC_URL ? { publicUrl: e.PUBLIC_URL } : {}),
    },
    notify: {
      ...(e.NOTIFY_WEBHOOK_URL ? { webhookUrl: e.NOTIFY_WEBHOOK_URL } : {}),
      ...(e.SMTP_URL ? { smtpUrl: e.SMTP_URL } : {}),
      ...(e.NOTIFY_EMAIL_FROM ? { emailFrom: e.NOTIFY_EMAIL_FROM } : {}),
      ...(e.NOTIFY_EMAIL_TO ? { emailTo: e.NOTIFY_EMAIL_TO } : {}),
      ...(e.WEEKLY_EMAIL_TO ? { weeklyEmailTo: e.WEEKLY_EMAIL_TO } : {}),
      ...(e.PUBLIC_URL ? { inboxUrl: e.PUBLIC_URL } : {}),
      foldMs: e.ALERT_FOLD_SECONDS * 1000,
    },
    database: { ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}), dataDir: e.PGLITE_DIR },
    host: e.HOST,
    port: e.PORT,
    digestHour: e.DIGEST_HOUR,
  };
}
