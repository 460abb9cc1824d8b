// `npm run db:seed`: migrates the database, then adds the demo data unless it is there already.
import { getDatabaseHandle } from "#db/client.server";
import { migrateDatabase } from "#db/migrate";
import { seedDemoData } from "#app/services/demo/seed.server";

const handle = getDatabaseHandle();
await migrateDatabase(handle);
const { seeded } = await seedDemoData(handle.db);
await handle.close();
console.log(seeded ? "Demo data added." : "Demo data was already there.");
