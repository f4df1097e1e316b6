/**
 * The manifest `key` (public half only) that fixes the extension ID. Admin policy is addressed to
 * this ID, and tests write policy files for it. A build can use another key through the
 * SAFEGUARD_EXTENSION_KEY environment variable (parallel test runs on one machine need distinct IDs).
 */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAoJsv5XzFWGrhKTzeX/3QB6VnRWgTVgGlcaWS8DbCMQFAzdh+bAWCMvkTvLd4I9Hi2sJFUuL6bwd+VrV3XLv5CFPOrh9TTgWKrXx3IOulPyXKGU5LtFN6eJbT0b8CKwS0sHl8VyNwHcX0l0g3PuyxZG7gzUX80Pa7bMP+jvqukY+UTnoBucDAUqxXkpNYZECJQCI2I3AEnFucR5TNNB0ujAAhj4vHUCEfQATbYQ9xyaT1PomPyDmbfTLyBP3uXloI2ShhadCOMniMfXvMzrVe8SqadpuPdp4yckb+trJLcI+27iSawnNmeCR8rQn15Ntoh0BpkMvowOa4qeo4XyclUQIDAQAB';

export const EXTENSION_ID = 'imbabkkikfjbpakkgkjglddjojnlckam';
