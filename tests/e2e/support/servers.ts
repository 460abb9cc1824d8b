// The servers started by playwright.config.ts. E2E_PORT moves them all (and the one
// wall.spec.ts starts at MAIN_PORT + 4), so two checkouts can run their browser tests on one
// machine at once.
export const MAIN_PORT = Number(process.env.E2E_PORT ?? 3210);
export const SETUP_PORT = MAIN_PORT + 1;
/** PGlite with demo data. */
export const MAIN_URL = `http://127.0.0.1:${MAIN_PORT}`;
/** An empty database (no admin yet), for the setup journey. */
export const SETUP_URL = `http://127.0.0.1:${SETUP_PORT}`;

/** PGlite with demo data and single sign-on through the provider below. */
export const SSO_PORT = MAIN_PORT + 2;
export const SSO_URL = `http://127.0.0.1:${SSO_PORT}`;
/** The OpenID Connect provider of `npm run dev:oidc`, with its demo people. */
export const SSO_PROVIDER_PORT = MAIN_PORT + 3;
export const SSO_PROVIDER_URL = `http://127.0.0.1:${SSO_PROVIDER_PORT}`;

/** What scripts/e2e.mjs prepared; the suite is meant to be started through it. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests with \`npm run test:e2e\``);
  return value;
}
