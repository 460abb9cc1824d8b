// Browser journeys against the built app. Start them with `npm run test:e2e`
// (scripts/e2e.mjs), which finds Chromium, builds when needed and prepares the databases.
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import {
  MAIN_PORT,
  MAIN_URL,
  SETUP_PORT,
  SETUP_URL,
  SSO_PORT,
  SSO_PROVIDER_PORT,
  SSO_PROVIDER_URL,
  SSO_URL,
  requiredEnv,
} from "./support/servers";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Environment shared by both servers; nothing from the caller's shell may change which database they use. */
const serverEnv = {
  NODE_ENV: "production",
  HOST: "127.0.0.1",
  DATABASE_URL: "",
  PUBLIC_URL: "",
  TRUST_PROXY: "",
  LOG_LEVEL: "warn",
};

const setupDatabaseUrl = process.env.E2E_SETUP_DATABASE_URL;

export default defineConfig({
  testDir: ".",
  projects: [
    // Each demo person signs in once through the form; the journeys reuse those sessions.
    { name: "sign-in", testMatch: "sign-in.setup.ts" },
    { name: "journeys", testMatch: "**/*.spec.ts", dependencies: ["sign-in"] },
  ],
  outputDir: "../../test-results/e2e",
  // Two cores: one browser at a time next to the two servers.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: "list",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: MAIN_URL,
    // The app speaks Italian unless the browser asks otherwise.
    locale: "it-IT",
    timezoneId: "Europe/Rome",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: requiredEnv("CHROMIUM_PATH"),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      command: "npx tsx app/server/index.ts",
      cwd: root,
      url: `${MAIN_URL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        ...serverEnv,
        PORT: String(MAIN_PORT),
        PGLITE_DATA_DIR: requiredEnv("E2E_PGLITE_DATA_DIR"),
        SEED_DEMO_DATA: "auto",
      },
    },
    {
      command: "npx tsx app/server/index.ts",
      cwd: root,
      url: `${SETUP_URL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: setupDatabaseUrl
        ? { ...serverEnv, PORT: String(SETUP_PORT), DATABASE_URL: setupDatabaseUrl }
        : {
            ...serverEnv,
            PORT: String(SETUP_PORT),
            PGLITE_DATA_DIR: requiredEnv("E2E_SETUP_PGLITE_DATA_DIR"),
            SEED_DEMO_DATA: "never",
          },
    },
    {
      // The provider of `npm run dev:oidc`, for the single sign-on journey.
      command: "npx tsx scripts/dev-oidc.ts",
      cwd: root,
      url: `${SSO_PROVIDER_URL}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: { OIDC_DEV_PORT: String(SSO_PROVIDER_PORT), PUBLIC_URL: SSO_URL },
    },
    {
      command: "npx tsx app/server/index.ts",
      cwd: root,
      url: `${SSO_URL}/healthz`,
      reuseExistingServer: false,
      // Migrates and adds the demo data on its first start.
      timeout: 240_000,
      env: {
        ...serverEnv,
        PORT: String(SSO_PORT),
        PGLITE_DATA_DIR: requiredEnv("E2E_SSO_PGLITE_DATA_DIR"),
        SEED_DEMO_DATA: "auto",
        PUBLIC_URL: SSO_URL,
        OIDC_ISSUER: SSO_PROVIDER_URL,
        OIDC_CLIENT_ID: "floorboard-dev",
        OIDC_CLIENT_SECRET: "floorboard-dev-secret-not-for-production",
        OIDC_ALLOWED_DOMAINS: "floorboard.test",
        OIDC_ROLE_CLAIM: "groups",
        OIDC_ROLE_MAP: "cc-managers=manager,cc-admins=admin",
        OIDC_TEAM_MAP: "cc-billing=Fatturazione",
      },
    },
  ],
});
