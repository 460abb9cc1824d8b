import { z } from "zod";
import { DEFAULT_TIME_ZONE, isTimeZone } from "#app/i18n/format";

const booleanString = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const webProcesses = "must be a number from 1 to 64, or auto";

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || undefined);

/** "a.example, B.example" → ["a.example", "b.example"]. */
const domainList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((domain) => domain.trim().toLowerCase().replace(/^@/, ""))
      .filter(Boolean),
  )
  .refine(
    (domains) => domains.every((domain) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)),
    "must be email domains separated by commas, e.g. example.it,example.com",
  );

/** "cc-managers=manager,cc-admins=admin" → [["cc-managers", "manager"], …], in order. */
function mappingList<T extends string>(values: readonly T[], example: string) {
  return z
    .string()
    .optional()
    .transform((value, context) => {
      const pairs: Array<[string, T]> = [];
      for (const entry of (value ?? "")
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean)) {
        const at = entry.lastIndexOf("=");
        const key = entry.slice(0, at).trim();
        const target = entry.slice(at + 1).trim();
        if (at <= 0 || !key || !target || (values.length > 0 && !values.includes(target as T))) {
          context.addIssue({ code: "custom", message: `must be pairs separated by commas, e.g. ${example}` });
          return z.NEVER;
        }
        pairs.push([key, target as T]);
      }
      return pairs;
    });
}

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
    /** How long a starting server waits for an unreachable database before it gives up. */
    DATABASE_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /** Web processes sharing the port (node:cluster), with PostgreSQL only; "auto" = one per core. */
    WEB_CONCURRENCY: z
      .union(
        [z.literal("auto"), z.coerce.number(webProcesses).int(webProcesses).min(1, webProcesses).max(64, webProcesses)],
        webProcesses,
      )
      .default(1),
    /** How long a rendered page may be replayed to the same viewer; 0 turns the cache off. */
    RENDER_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    PGLITE_DATA_DIR: z.string().min(1).default("./.data/pglite"),
    PUBLIC_URL: z
      .url()
      .optional()
      .or(z.literal("").transform(() => undefined)),
    TRUST_PROXY: booleanString,
    SEED_DEMO_DATA: z.enum(["auto", "never"]).default("auto"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** The time zone times are shown in, on pages and in emails. */
    APP_TIME_ZONE: z
      .string()
      .refine(isTimeZone, "must be an IANA time zone, e.g. Europe/Rome")
      .default(DEFAULT_TIME_ZONE),
    /** Email notifications are sent only when this is set. */
    SMTP_URL: z
      .string()
      .refine(
        (value) => /^smtps?:\/\/[^/?#]+/i.test(value) && URL.canParse(value),
        "must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.it:587",
      )
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** Run background jobs (imports, clustering) in this process; `npm run worker` runs them elsewhere. */
    RUN_JOBS: z
      .enum(["true", "false", "1", "0", ""], "must be true or false")
      .optional()
      .transform((value) => value === undefined || value === "" || value === "true" || value === "1"),
    JOB_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    /** Zendesk's signing secret for its webhooks; when set, unsigned or badly signed webhook calls are refused. */
    ZENDESK_WEBHOOK_SECRET: z
      .string()
      .trim()
      .optional()
      .transform((value) => value || undefined),
    MAIL_FROM: z
      .string()
      .regex(
        /^[^@\s<>]+@[^@\s<>]+$|<[^@\s<>]+@[^@\s<>]+>$/,
        "must be an address, e.g. Floorboard <floorboard@example.it>",
      )
      .default("Floorboard <floorboard@localhost>"),
    /** Single sign-on (OpenID Connect): the provider's issuer URL; discovery reads the rest from it. */
    OIDC_ISSUER: z
      .url({ protocol: /^https?$/ })
      .optional()
      .or(z.literal("").transform(() => undefined)),
    OIDC_CLIENT_ID: optionalText,
    OIDC_CLIENT_SECRET: optionalText,
    /** Email domains whose people are created on their first sign-in; empty: only existing people. */
    OIDC_ALLOWED_DOMAINS: domainList,
    /** The ID token claim carrying groups or roles, e.g. groups, roles or realm_access.roles. */
    OIDC_ROLE_CLAIM: optionalText,
    /** Claim values to roles, e.g. cc-managers=manager,cc-admins=admin; unset: roles are set by hand. */
    OIDC_ROLE_MAP: mappingList(["agent", "manager", "admin"] as const, "cc-managers=manager,cc-admins=admin"),
    /** Claim values to team names, e.g. cc-billing=Fatturazione; unset: teams are set by hand. */
    OIDC_TEAM_MAP: mappingList([] as string[], "cc-billing=Fatturazione,cc-tech=Assistenza tecnica"),
    /** How long a call to the provider may take before sign-in gives up with a clear page. */
    OIDC_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** Who may still sign in with a password: everyone, only admins (break-glass), or no one. */
    PASSWORD_SIGN_IN: z.enum(["all", "admins", "off"], "must be all, admins or off").default("all"),
  })
  .superRefine((env, context) => {
    const require = (name: string, message: string) => context.addIssue({ code: "custom", path: [name], message });
    if (env.OIDC_ISSUER) {
      const issuer = new URL(env.OIDC_ISSUER);
      if (issuer.protocol === "http:" && !["localhost", "127.0.0.1", "[::1]"].includes(issuer.hostname)) {
        require("OIDC_ISSUER", "must be https://, except for a provider on this machine (localhost)");
      }
      if (!env.OIDC_CLIENT_ID) require("OIDC_CLIENT_ID", "must be set when OIDC_ISSUER is set");
      if (!env.PUBLIC_URL)
        require("PUBLIC_URL", "must be set when OIDC_ISSUER is set: the sign-in redirect is PUBLIC_URL/auth/oidc/callback");
    } else if (env.PASSWORD_SIGN_IN !== "all") {
      require("PASSWORD_SIGN_IN", "can be admins or off only when OIDC_ISSUER is set, or no one could sign in");
    }
    if ((env.OIDC_ROLE_MAP.length > 0 || env.OIDC_TEAM_MAP.length > 0) && !env.OIDC_ROLE_CLAIM) {
      require("OIDC_ROLE_CLAIM", "must name the claim OIDC_ROLE_MAP and OIDC_TEAM_MAP read, e.g. groups");
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

/** Parses the environment, naming every bad variable and what it should be. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const value = source[name];
    return `  ${name}: ${issue.message}${value === undefined ? "" : ` (got ${JSON.stringify(hidePassword(value))})`}`;
  });
  throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
}

/** "smtp://user:secret@host" → "smtp://user:***@host": error messages end up in logs. */
function hidePassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*):[^/@]*@/i, "$1:***@");
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For entry points: the environment, or an exit after saying what is wrong with it. */
export function getEnvOrExit(): Env {
  try {
    return getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
