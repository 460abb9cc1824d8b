import { inArray, sql } from "drizzle-orm";
import { hashPassword } from "#app/auth/password.server";
import { addComment } from "#app/services/comments.server";
import { createItem } from "#app/services/items.server";
import { answerOutcome } from "#app/services/outcomes.server";
import { changeStatus } from "#app/services/status.server";
import { findUserByEmail, insertUser } from "#app/services/users.server";
import type { Database } from "#db/client.server";
import { items, teams, votes, type UserRole } from "#db/schema/index";
import type { ItemStatus } from "#app/services/workflow";
import { demoItems } from "./items";
import { randomSource } from "./ticket-texts";
import { seedDemoTickets } from "./tickets.server";

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

/** Whether the demo data is there already (the demo admin exists). */
export async function hasDemoData(db: Database): Promise<boolean> {
  return Boolean(await findUserByEmail(db, "admin@floorboard.test"));
}

export type SeedCounts = { people: number; items: number; tickets: number; clusters: number };

/** The parts of the demo data, in the order they are added. */
export const seedStages = ["people", "items", "history", "tickets", "clusters"] as const;
export type SeedStage = (typeof seedStages)[number];
/** How far the seed is: `done` of `total` steps of `stage` are finished. */
export type SeedProgress = (progress: { stage: SeedStage; done: number; total: number }) => void;

/** Demo data for an Italian contact centre. Does nothing if the demo admin exists. */
export async function seedDemoData(
  db: Database,
  options: { onProgress?: SeedProgress } = {},
): Promise<{ seeded: false } | { seeded: true; counts: SeedCounts }> {
  if (await hasDemoData(db)) return { seeded: false };
  const progress: SeedProgress = options.onProgress ?? (() => {});
  progress({ stage: "people", done: 0, total: demoPeople.length });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const people = await db.transaction(async (tx) => {
    await tx
      .insert(teams)
      .values(demoTeams.map((name) => ({ name })))
      .onConflictDoNothing();
    // Teams that already existed (say, "Assistenza tecnica" made during setup) are reused.
    const teamRows = await tx
      .select({ id: teams.id, name: teams.name })
      .from(teams)
      .where(
        inArray(
          sql`lower(${teams.name})`,
          demoTeams.map((name) => name.toLowerCase()),
        ),
      );
    const teamId = new Map(teamRows.map((team) => [team.name.toLowerCase(), team.id]));
    const created: SeedPerson[] = [];
    for (const person of demoPeople) {
      const user = await insertUser(tx, {
        email: person.email,
        name: person.name,
        passwordHash,
        role: person.role,
        teamId: teamId.get(person.team.toLowerCase()) ?? null,
        locale: person.locale ?? null,
      });
      created.push({ id: user.id, role: user.role, handle: user.handle, team: person.team, teamId: user.teamId });
      progress({ stage: "people", done: created.length, total: demoPeople.length });
    }
    return created;
  });
  await seedDemoItems(db, people, progress);
  const { tickets, clusters } = await seedDemoTickets(db, randomSource(2027), { onProgress: progress });
  return { seeded: true, counts: { people: people.length, items: demoItems.length, tickets, clusters } };
}

const DAY = 24 * 60 * 60 * 1000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

type SeedPerson = { id: string; role: UserRole; handle: string; team: string; teamId: string | null };

/** About 60 items through every status, with votes, comments, owners, dates and timelines. */
async function seedDemoItems(db: Database, people: SeedPerson[], progress: SeedProgress): Promise<void> {
  const random = randomSource(2026);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)] as T;
  const managers = people.filter((person) => person.role !== "agent");
  const now = Date.now();
  const created: Array<{ id: string; number: number; authorId: string; createdAt: Date }> = [];

  progress({ stage: "items", done: 0, total: demoItems.length });
  for (const [index, demo] of demoItems.entries()) {
    const sameTeam = people.filter((person) => person.team === demo.team);
    const agent = people.find((person) => person.role === "agent");
    const author = index === 0 && agent ? agent : pick(sameTeam.length ? sameTeam : people);
    const createdAt = new Date(now - (90 - index * 1.4) * DAY - random() * DAY);
    const item = await createItem(
      db,
      { id: author.id },
      {
        kind: demo.kind,
        title: demo.title,
        body: demo.body,
        area: demo.area,
        channel: demo.channel,
        teamId: author.team === demo.team ? author.teamId : null,
        tags: demo.tags,
        anonymous: Boolean(demo.anonymous),
      },
      createdAt,
    );
    created.push({ id: item.id, number: item.number, authorId: author.id, createdAt });

    // Votes spread over the item's life, so "trending" differs from "top".
    const voters = people.filter(() => random() < 0.45);
    if (voters.length) {
      await db.insert(votes).values(
        voters.map((voter) => ({
          itemId: item.id,
          userId: voter.id,
          createdAt: new Date(createdAt.getTime() + random() * (now - createdAt.getTime())),
        })),
      );
    }
    progress({ stage: "items", done: index + 1, total: demoItems.length });
  }
  await db.execute(
    sql`update ${items} set vote_count = (select count(*) from ${votes} where ${votes.itemId} = ${items.id})`,
  );

  progress({ stage: "history", done: 0, total: created.length });
  for (const [index, item] of created.entries()) {
    if (index > 0) progress({ stage: "history", done: index, total: created.length });
    const demo = demoItems[index];
    const boss = managers[index % managers.length];
    if (!demo || !boss) continue;
    // Events fall inside the item's life so far, in order: "day" 21 is today.
    const at = (days: number) => new Date(item.createdAt.getTime() + ((now - item.createdAt.getTime()) * days) / 21);
    if (index % 3 === 0) {
      const commenter = pick(people.filter((person) => person.id !== item.authorId));
      await addComment(
        db,
        commenter,
        {
          itemId: item.id,
          body: `Confermo, succede anche nel mio turno. @${boss.handle} possiamo parlarne alla riunione di lunedì?`,
        },
        at(1),
      );
    }
    if (index % 5 === 1) {
      await addComment(
        db,
        pick(people),
        { itemId: item.id, body: "Same here: three customers asked about this today." },
        at(2),
      );
    }
    if (demo.status === "new") continue;
    // Some promises are already late: their dates passed while the work goes on.
    const late = index % 4 === 0;
    const targetDate = isoDay(new Date(now + (late ? -5 - (index % 7) : 10 + (index % 30)) * DAY));
    const move = (
      status: ItemStatus,
      note: string | null,
      days: number,
      extra: { ownerId?: string; targetDate?: string; duplicateOf?: number } = {},
    ) =>
      changeStatus(
        db,
        boss,
        item.id,
        {
          status,
          note,
          ownerId: extra.ownerId ?? null,
          targetDate: extra.targetDate ?? null,
          duplicateOf: extra.duplicateOf,
        },
        at(days),
      );
    if (demo.status === "duplicate") {
      const survivor = created[index + 1] ?? created[index - 1];
      if (survivor)
        await move("duplicate", "Stesso tema di un elemento già aperto.", 1, { duplicateOf: survivor.number });
      continue;
    }
    await move("under_review", "Lo guardiamo questa settimana con il team.", 2);
    if (demo.status === "under_review") continue;
    if (demo.status === "declined") {
      await move(
        "declined",
        "Non possiamo cambiarlo per ragioni di sicurezza e di contratto; ne parliamo alla riunione di reparto.",
        6,
      );
      continue;
    }
    await move("planned", "Approvato: ce ne occupiamo noi.", 5, { ownerId: boss.id, targetDate });
    if (demo.status === "planned") continue;
    await move("in_progress", "Lavori iniziati.", 9);
    if (demo.status === "in_progress") continue;
    await move("done", "Fatto: la modifica è attiva da oggi. Grazie per la segnalazione!", 14);
    if (index % 2 === 0) {
      await answerOutcome(
        db,
        { id: item.authorId },
        item.id,
        { answer: index % 4 === 0 ? "yes" : "partly", comment: null },
        at(20),
      );
    }
  }
  progress({ stage: "history", done: created.length, total: created.length });
}
