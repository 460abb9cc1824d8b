import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Queryable } from "#db/client.server";
import { at } from "#db/sql.server";
import type { DashboardFilters } from "#app/schemas/dashboard";
import { inRange, itemFilter, ratio, weekly, weekStarts, type Row } from "./query.server";

export type KindWeek = { week: string; insight: number; idea: number };
export type TeamParticipation = {
  teamId: string | null;
  teamName: string | null;
  people: number;
  participants: number;
  share: number | null;
};
export type Participation = {
  items: KindWeek[];
  votes: KindWeek[];
  totals: { items: number; votes: number };
  people: number;
  participants: number;
  /** Share of active people (of the team, when filtered) who posted or voted in the range. */
  share: number | null;
  byTeam: TeamParticipation[];
};

function kindWeeks(filters: DashboardFilters, rows: Row[]): KindWeek[] {
  const weeks = weekStarts(filters).map((week) => ({ week, insight: 0, idea: 0 }));
  for (const row of rows) {
    const week = weeks[Number(row.w)];
    if (week && (row.kind === "insight" || row.kind === "idea")) week[row.kind] += Number(row.n);
  }
  return weeks;
}

/** Active people per team and how many of them posted or voted in the range. */
function peopleQuery(filters: DashboardFilters): SQL {
  const people = (acted: SQL, join: SQL, participant: SQL) => sql`${acted}
    select u.team_id, t.name as team_name, count(*)::int as people,
      count(*) filter (where ${participant})::int as participants
    from users u
    left join teams t on t.id = u.team_id
    ${join}
    where u.deactivated_at is null and u.created_at < ${at(filters.to)}
      ${filters.teamId ? sql`and u.team_id = ${filters.teamId}::uuid` : sql``}
    group by u.team_id, t.name
    order by t.name nulls last`;
  if (!filters.area && !filters.channel) {
    // One probe of votes(user_id, created_at) per person: reading a year of votes and
    // grouping them by voter took twice as long.
    return people(
      sql``,
      sql``,
      sql`exists (select 1 from votes v where v.user_id = u.id and ${inRange(filters, sql`v.created_at`)})
        or exists (select 1 from items i where i.author_id = u.id and ${inRange(filters, sql`i.created_at`)})`,
    );
  }
  // Filtered by what they acted on: union all + group by hashes; a plain union sorted a
  // million voters on disk.
  return people(
    sql`with acted as (
      select a.user_id from (
        select i.author_id as user_id from items i
        where ${inRange(filters, sql`i.created_at`)} and ${itemFilter(filters, "i", { team: false })}
        union all
        select v.user_id from votes v join items i on i.id = v.item_id and ${itemFilter(filters, "i", { team: false })}
        where ${inRange(filters, sql`v.created_at`)}
      ) a group by a.user_id
    )`,
    sql`left join acted a on a.user_id = u.id`,
    sql`a.user_id is not null`,
  );
}

export async function participation(db: Queryable, filters: DashboardFilters): Promise<Participation> {
  const [itemRows, voteRows, peopleRows] = await Promise.all([
    queryRows<Row>(
      db,
      weekly(
        filters,
        sql`i.created_at`,
        sql`i.kind, count(*)::int as n`,
        sql`from items i where ${inRange(filters, sql`i.created_at`)} and ${itemFilter(filters)}`,
        1,
      ),
    ),
    queryRows<Row>(
      db,
      weekly(
        filters,
        sql`v.created_at`,
        sql`i.kind, count(*)::int as n`,
        sql`from votes v join items i on i.id = v.item_id where ${inRange(filters, sql`v.created_at`)} and ${itemFilter(filters)}`,
        1,
      ),
    ),
    // People are counted by their own team; what they posted or voted on by area and channel.
    queryRows<Row>(db, peopleQuery(filters)),
  ]);
  const items = kindWeeks(filters, itemRows);
  const votes = kindWeeks(filters, voteRows);
  const byTeam = peopleRows.map((row) => {
    const people = Number(row.people);
    const participants = Number(row.participants);
    return {
      teamId: (row.team_id as string | null) ?? null,
      teamName: (row.team_name as string | null) ?? null,
      people,
      participants,
      share: ratio(participants, people),
    };
  });
  const people = byTeam.reduce((sum, row) => sum + row.people, 0);
  const participants = byTeam.reduce((sum, row) => sum + row.participants, 0);
  const total = (weeks: KindWeek[]) => weeks.reduce((sum, week) => sum + week.insight + week.idea, 0);
  return {
    items,
    votes,
    totals: { items: total(items), votes: total(votes) },
    people,
    participants,
    share: ratio(participants, people),
    byTeam,
  };
}
