// Sign-in through an OpenID Connect provider on loopback, next to password sign-in, on the
// built server with a fresh embedded database (demo data). Each single sign-on is what a
// browser does: Floorboard's /auth/oidc, the provider's login page and form, its redirect
// back, and Floorboard's callback (code redeemed, ID token checked against the JWKS, person
// found, session created). The provider runs in this process, the server in its own.
// Usage: npm run build && npx tsx bench/oidc-sign-in.ts [count] [port]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { signInAtProvider, startTestProvider } from "../tests/support/oidc-provider";

const count = Number(process.argv[2] ?? 200);
const port = Number(process.argv[3] ?? 3392);
const base = `http://127.0.0.1:${port}`;
const callback = `${base}/auth/oidc/callback`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "floorboard-bench-oidc-"));
const client = {
  clientId: "floorboard-bench",
  clientSecret: "bench-secret-0123456789abcdef",
  redirectUris: [callback],
};

const provider = await startTestProvider({
  clients: [client],
  accounts: {
    giulia: { email: "admin@floorboard.test", email_verified: true, name: "Giulia Rossi", groups: ["cc-admins"] },
  },
});
const server = spawn(process.execPath, ["--import", "tsx", "app/server/index.ts"], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    PGLITE_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    PUBLIC_URL: base,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: client.clientId,
    OIDC_CLIENT_SECRET: client.clientSecret,
    OIDC_ALLOWED_DOMAINS: "floorboard.test",
    OIDC_ROLE_CLAIM: "groups",
    OIDC_ROLE_MAP: "cc-managers=manager,cc-admins=admin",
  },
  stdio: ["ignore", "inherit", "inherit"],
});

async function waitForLogin() {
  for (let attempt = 0; attempt < 1800; attempt++) {
    try {
      if ((await fetch(`${base}/login`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("server did not answer within 180 s");
}

function summary(label: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1);
  console.log(`${label}: n=${sorted.length} p50=${at(50)} ms p95=${at(95)} ms max=${sorted.at(-1)!.toFixed(1)} ms`);
}

async function ssoSignIn(): Promise<{ total: number; app: number }> {
  const t0 = performance.now();
  const start = await fetch(`${base}/auth/oidc`, { redirect: "manual" });
  const flowCookie = start.headers.get("set-cookie")?.split(";")[0];
  const location = start.headers.get("location");
  await start.arrayBuffer();
  if (start.status !== 302 || !flowCookie || !location) throw new Error(`/auth/oidc answered ${start.status}`);
  const t1 = performance.now();
  const back = await signInAtProvider(location, "giulia", callback);
  const t2 = performance.now();
  const done = await fetch(back, { redirect: "manual", headers: { cookie: flowCookie } });
  await done.arrayBuffer();
  if (done.status !== 302 || done.headers.get("location") !== "/board")
    throw new Error(`callback answered ${done.status}`);
  const t3 = performance.now();
  return { total: t3 - t0, app: t1 - t0 + (t3 - t2) };
}

try {
  await waitForLogin();
  // The first one links the demo admin by email, and warms discovery and the JWKS cache.
  await ssoSignIn();
  const password: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    const response = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
      body: "email=admin%40floorboard.test&password=floorboard-demo",
    });
    await response.arrayBuffer();
    if (response.status !== 302) throw new Error(`password sign-in answered ${response.status}`);
    password.push(performance.now() - t0);
  }
  const total: number[] = [];
  const app: number[] = [];
  for (let i = 0; i < count; i++) {
    const sample = await ssoSignIn();
    total.push(sample.total);
    app.push(sample.app);
  }
  summary("password sign-in (argon2id verify + session)", password);
  summary(
    "single sign-on, whole journey (6 requests: app, provider authorize, login page, login form, resume, app callback)",
    total,
  );
  summary("single sign-on, Floorboard's share (/auth/oidc + callback: code, JWKS check, person, session)", app);
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  await provider.close();
  rmSync(dataDir, { recursive: true, force: true });
}
