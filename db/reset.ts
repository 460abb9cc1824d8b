import { rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { getDatabaseHandle } from "./client.server";
import { migrateDatabase } from "./migrate";

// Drops every table and applies the migrations again. Development only.
if (process.env.NODE_ENV === "production") {
  console.error("db:reset refuses to run with NODE_ENV=production.");
  process.exit(1);
}

const url = process.env.DATABASE_URL;
if (url) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql.unsafe("drop schema if exists drizzle cascade; drop schema public cascade; create schema public;");
  await sql.end();
} else {
  const dir = path.resolve(process.env.PGLITE_DATA_DIR || "./.data/pglite");
  await rm(dir, { recursive: true, force: true });
}
const handle = getDatabaseHandle();
await migrateDatabase(handle);
await handle.close();
console.log("Database reset: empty and migrated. Run `npm run db:seed` for demo data.");
