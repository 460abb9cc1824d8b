import { z } from "zod";
import { DEFAULT_TIME_ZONE, isTimeZone } from "#app/i18n/format";

const booleanString = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const webProcesses = "must be a number from 1 to 64, or auto";

export const EnvSchema = z.object({
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
      [
        z.literal("auto"),
        z.coerce.number(webProcesses).int(webProcesses).min(1, webProcesses).max(64, webProcesses),
      ],
      webProcesses,
    )
    .default(1),
  /** How long a rendered page may be replayed to the same viewer; 0 turns the cache off. */
  RENDER_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  PGLITE_DATA_DIR: z.string().min(1).default("./.data/pglite"),
  PUBLIC_URL: z.url().optional().or(z.literal("").transform(() => undefined)),
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
    .regex(/^[^@\s<>]+@[^@\s<>]+$|<[^@\s<>]+@[^@\s<>]+>$/, "must be an address, e.g. Floorboard <floorboard@example.it>")
    .default("Floorboard <floorboard@localhost>"),
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
