// Run by scripts/e2e.mjs before the servers start (`tsx tests/e2e/support/prepare-database.ts OUT.json`),
// with PGLITE_DATA_DIR pointing at the throwaway folder the main server will then open.
// A PGlite folder has a single opener, so anything the journeys need that the UI cannot
// make (an invitation that has already expired) is written here, through the app's own services.
import { writeFileSync } from "node:fs";
import { getDatabaseHandle } from "#db/client.server";
import { migrateDatabase } from "#db/migrate";
import { seedDemoData } from "#app/services/demo/seed.server";
import { INVITATION_TTL_MS, createInvitation } from "#app/services/invitations.server";
import { hashPassword } from "#app/auth/password.server";
import { findUserByEmail, insertUser } from "#app/services/users.server";
import { ADMIN, EXPIRED_INVITATION_EMAIL, NEW_PERSON, type PreparedData } from "./accounts";

const outFile = process.argv[2];
if (!outFile) throw new Error("usage: tsx tests/e2e/support/prepare-database.ts OUT.json");
if (process.env.DATABASE_URL) throw new Error("prepare-database works on the PGlite folder only; unset DATABASE_URL");

const handle = getDatabaseHandle();
try {
  await migrateDatabase(handle);
  await seedDemoData(handle.db);
  const admin = await findUserByEmail(handle.db, ADMIN.email);
  if (!admin) throw new Error(`the demo admin ${ADMIN.email} is missing`);
  // Created eight days ago, so it expired yesterday.
  const createdAt = new Date(Date.now() - INVITATION_TTL_MS - 24 * 60 * 60 * 1000);
  const invitation = await createInvitation(
    handle.db,
    { id: admin.id, ip: null },
    { email: EXPIRED_INVITATION_EMAIL, role: "agent", teamId: null },
    createdAt,
  );
  if (!invitation.ok) throw new Error(`could not create the expired invitation: ${invitation.error}`);
  await insertUser(handle.db, {
    email: NEW_PERSON.email,
    name: NEW_PERSON.name,
    passwordHash: await hashPassword(NEW_PERSON.password),
    role: "agent",
    teamId: null,
  });
  const prepared: PreparedData = { expiredInvitationToken: invitation.token };
  writeFileSync(outFile, JSON.stringify(prepared));
} finally {
  await handle.close();
}
