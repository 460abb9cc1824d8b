import { createTransport, type SendMailOptions } from "nodemailer";
import { getEnv } from "#app/utils/env.server";

/** What delivery needs from a transport; tests can hand in their own. */
export type Mailer = {
  sendMail(message: SendMailOptions): Promise<unknown>;
  close(): void;
};

/**
 * A pooled SMTP transport for an smtp:// or smtps:// URL. Short timeouts: an unreachable
 * server fails the run quickly and the messages are retried on the next one.
 */
export function createMailer(url: string): Mailer {
  return createTransport({
    url,
    pool: true,
    maxConnections: 2,
    // Deliveries run once a minute: idle connections are closed between runs.
    idleTimeout: 30_000,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
}

// One transport per process, shared like the database handle (see db/client.server.ts).
const globalKey = Symbol.for("floorboard.mailer");
type GlobalWithMailer = typeof globalThis & { [globalKey]?: { url: string; mailer: Mailer } };

/** The process's transport for SMTP_URL, or undefined when email is not configured. */
export function getMailer(): Mailer | undefined {
  const url = getEnv().SMTP_URL;
  if (!url) return undefined;
  const g = globalThis as GlobalWithMailer;
  if (g[globalKey]?.url !== url) {
    g[globalKey]?.mailer.close();
    g[globalKey] = { url, mailer: createMailer(url) };
  }
  return g[globalKey].mailer;
}

export function closeMailer(): void {
  const g = globalThis as GlobalWithMailer;
  g[globalKey]?.mailer.close();
  g[globalKey] = undefined;
}

/** Where people reach the app, for links in emails: PUBLIC_URL, else this machine's port. */
export function appBaseUrl(env: { PUBLIC_URL?: string; PORT: number } = getEnv()): string {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}
