// Run by `npm start` while it builds the app: the database is migrated (and, when embedded and
// empty, filled with demo data) at the same time, so the server finds it ready.
import { getDatabaseHandle } from "#db/client.server";
import { prepareDatabase } from "#app/server/prepare-database";
import { createStartupReport, terminalLocale } from "#app/server/startup-report";
import { getEnvOrExit } from "#app/utils/env.server";
import { getLogger } from "#app/utils/logger.server";

const env = getEnvOrExit();
const log = getLogger();
const report = await createStartupReport({
  terminal: Boolean(process.stdout.isTTY),
  locale: terminalLocale(process.env),
  log,
});
const handle = getDatabaseHandle();
const ready = await prepareDatabase({ handle, env, log, report });
await handle.close();
process.exit(ready ? 0 : 1);
