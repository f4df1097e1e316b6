import { readFileSync } from 'node:fs';
import { openDatabase } from './db';
import { createNotifier, scheduleDaily } from './notify';
import { createEndpointServer } from './server';

/** Configuration from the environment (see README, "Reference school endpoint"). */
const env = process.env;
const token = env.ENDPOINT_TOKEN;
if (!token) {
  console.error('Set ENDPOINT_TOKEN to the token in the extension policy (endpoint.token).');
  process.exit(1);
}
const port = Number(env.PORT ?? 8787);
const host = env.HOST ?? '127.0.0.1';

const db = await openDatabase({
  ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
  dataDir: env.PGLITE_DIR ?? './endpoint-data',
});
const notifier = createNotifier({
  ...(env.NOTIFY_WEBHOOK_URL ? { webhookUrl: env.NOTIFY_WEBHOOK_URL } : {}),
  ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
  ...(env.NOTIFY_EMAIL_FROM ? { emailFrom: env.NOTIFY_EMAIL_FROM } : {}),
  ...(env.NOTIFY_EMAIL_TO ? { emailTo: env.NOTIFY_EMAIL_TO } : {}),
  ...(env.PUBLIC_URL ? { inboxUrl: env.PUBLIC_URL } : {}),
  categories: (env.NOTIFY_CATEGORIES ?? 'illegal,self-harm,extremism')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean),
});
const endpoint = await createEndpointServer(
  db,
  {
    token,
    ...(env.ENDPOINT_SIGNING_KEY ? { signingKey: env.ENDPOINT_SIGNING_KEY } : {}),
    dslUser: env.DSL_USER ?? 'dsl',
    ...(env.DSL_PASSWORD ? { dslPassword: env.DSL_PASSWORD } : {}),
    secureCookies: env.COOKIE_SECURE === 'true',
    ...(env.TLS_CERT_FILE && env.TLS_KEY_FILE
      ? { tls: { cert: readFileSync(env.TLS_CERT_FILE, 'utf8'), key: readFileSync(env.TLS_KEY_FILE, 'utf8') } }
      : {}),
  },
  notifier,
);
if (endpoint.generatedPassword) {
  console.log(
    `First run: log in to the inbox as "${env.DSL_USER ?? 'dsl'}" with password ${endpoint.generatedPassword} (set DSL_PASSWORD to choose one).`,
  );
}
// The digest covers the previous day (UTC).
scheduleDaily(Number(env.DIGEST_HOUR ?? 7), () => notifier.sendDigest(db, new Date(new Date().setUTCHours(0, 0, 0, 0) - 86_400_000)));
endpoint.server.listen(port, host, () => {
  console.log(
    `School Safeguard endpoint on ${endpoint.server.address() && `${host}:${port}`} (${db.kind}). Events: POST /events. Inbox: /`,
  );
});
const stop = async () => {
  endpoint.server.close();
  await endpoint.settled();
  await db.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
