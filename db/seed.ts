import { pathToFileURL } from "node:url";
import { inArray, sql } from "drizzle-orm";
import { hashPassword } from "#app/auth/password.server";
import { findUserByEmail, insertUser } from "#app/services/users.server";
import { getDatabaseHandle, type Database } from "./client.server";
import { migrateDatabase } from "./migrate";
import { teams, type UserRole } from "./schema/index";

export const DEMO_PASSWORD = "floorboard-demo";

export const demoLogins = [
  { email: "admin@floorboard.test", role: "admin" },
  { email: "manager@floorboard.test", role: "manager" },
  { email: "agent@floorboard.test", role: "agent" },
] as const;

const demoTeams = ["Fatturazione", "Assistenza tecnica", "Resi e rimborsi", "Commerciale", "Back office"];

const demoPeople: Array<{ name: string; email: string; role: UserRole; team: string; locale?: "it" | "en" }> = [
  { name: "Giulia Rossi", email: "admin@floorboard.test", role: "admin", team: "Back office" },
  { name: "Marco Bianchi", email: "manager@floorboard.test", role: "manager", team: "Assistenza tecnica" },
  { name: "Sara Esposito", email: "agent@floorboard.test", role: "agent", team: "Assistenza tecnica" },
  { name: "Francesca Romano", email: "francesca.romano@floorboard.test", role: "manager", team: "Fatturazione" },
  { name: "Luca Colombo", email: "luca.colombo@floorboard.test", role: "agent", team: "Fatturazione" },
  { name: "Chiara Ricci", email: "chiara.ricci@floorboard.test", role: "agent", team: "Fatturazione" },
  { name: "Alessandro Marino", email: "alessandro.marino@floorboard.test", role: "agent", team: "Assistenza tecnica" },
  { name: "Martina Greco", email: "martina.greco@floorboard.test", role: "agent", team: "Assistenza tecnica" },
  { name: "Davide Bruno", email: "davide.bruno@floorboard.test", role: "manager", team: "Resi e rimborsi" },
  { name: "Elena Gallo", email: "elena.gallo@floorboard.test", role: "agent", team: "Resi e rimborsi" },
  { name: "Matteo Conti", email: "matteo.conti@floorboard.test", role: "agent", team: "Resi e rimborsi" },
  { name: "Valentina De Luca", email: "valentina.deluca@floorboard.test", role: "agent", team: "Commerciale" },
  { name: "Andrea Mancini", email: "andrea.mancini@floorboard.test", role: "agent", team: "Commerciale" },
  { name: "Federica Costa", email: "federica.costa@floorboard.test", role: "agent", team: "Back office", locale: "en" },
];

/** Demo data for an Italian contact centre. Does nothing if the demo admin exists. */
export async function seedDemoData(db: Database): Promise<{ seeded: boolean }> {
  if (await findUserByEmail(db, "admin@floorboard.test")) return { seeded: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx
      .insert(teams)
      .values(demoTeams.map((name) => ({ name })))
      .onConflictDoNothing();
    // Teams that already existed (say, "Assistenza tecnica" made during setup) are reused.
    const teamRows = await tx
      .select({ id: teams.id, name: teams.name })
      .from(teams)
      .where(inArray(sql`lower(${teams.name})`, demoTeams.map((name) => name.toLowerCase())));
    const teamId = new Map(teamRows.map((team) => [team.name.toLowerCase(), team.id]));
    for (const person of demoPeople) {
      await insertUser(tx, {
        email: person.email,
        name: person.name,
        passwordHash,
        role: person.role,
        teamId: teamId.get(person.team.toLowerCase()) ?? null,
        locale: person.locale ?? null,
      });
    }
  });
  return { seeded: true };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const handle = getDatabaseHandle();
  await migrateDatabase(handle);
  const { seeded } = await seedDemoData(handle.db);
  await handle.close();
  console.log(seeded ? "Demo data added." : "Demo data was already there.");
}
