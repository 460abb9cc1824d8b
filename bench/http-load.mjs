// What the load benchmarks share: the built server started on a PostgreSQL database, fresh
// sessions for the benchmark's people, autocannon runs, and the distinct-pairs vote scenario.
import { spawn } from "node:child_process";
import autocannon from "autocannon";
import { sessionRow } from "./sessions.mjs";

/** Inserts `count` fresh 30-day sessions (as signing in makes them) for the `bench%` people. */
export async function makeSessions(sql, count) {
  const people = await sql`select id from users where email like 'bench%' order by email limit ${count}`;
  const rows = people.map((person) =>
    sessionRow({ user_id: person.id, expires_at: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000) }),
  );
  await sql`insert into sessions ${sql(rows, "id", "user_id", "expires_at")}`;
  return rows;
}

export async function dropSessions(sql, sessions) {
  await sql`delete from sessions where id = any(${sessions.map((one) => one.id)})`;
}

/** Starts the production server (app/server/main.ts) and resolves once /healthz answers. */
export async function startServer({ port, databaseUrl, env = {}, nodeArgs = [] }) {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "app/server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "warn",
      DATABASE_POOL_MAX: "20",
      ...env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) {
        return {
          async stop() {
            child.kill("SIGTERM");
            await exited;
          },
        };
      }
    } catch {
      // still starting
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error("the server did not start");
}

/** One autocannon run against `base`, printed on one line and returned. */
export function runLoad(base, title, { connections, seconds, ...options }) {
  return new Promise((resolve, reject) => {
    autocannon({ url: base, connections, duration: seconds, ...options }, (error, result) => {
      if (error) return reject(error);
      console.log(
        `${title}: ${result.requests.average.toFixed(0)} req/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, 2xx ${result["2xx"]}, non-2xx ${result.non2xx}, errors ${result.errors}`,
      );
      resolve(result);
    });
  });
}

/** A request that signs in as each of `sessions` in turn. */
export function rotatingSessions(path, sessions) {
  let turn = 0;
  return {
    method: "GET",
    path,
    setupRequest: (request) => ({
      ...request,
      headers: { cookie: `fb_session=${sessions[turn++ % sessions.length].token}` },
    }),
  };
}

/**
 * Votes from `voters`, every request a new (person, item) pair on an open item, so each
 * success adds one row; afterwards every row and every item's counter is accounted for.
 * Returns autocannon's result and `drift` (items whose counter differs from their rows).
 */
export async function runVotes(sql, base, voters, load) {
  const itemIds = (
    await sql`select id from items where status in ('new', 'under_review', 'planned', 'in_progress') order by number`
  ).map((row) => row.id);
  const existing =
    await sql`select user_id, item_id from votes where user_id = any(${voters.map((voter) => voter.user_id)})`;
  const voted = new Set(existing.map((row) => `${row.user_id}:${row.item_id}`));
  const cursor = voters.map(() => 0);
  const [{ before }] = await sql`select count(*)::int as before from votes`;
  let next = 0;
  const succeeded = new Set();
  const [{ started }] = await sql`select now()::text as started`;
  const result = await runLoad(base, "PUT /api/v1/items/:id/vote (distinct people and items)", {
    ...load,
    requests: [
      {
        method: "PUT",
        setupRequest(request, context) {
          const v = next++ % voters.length;
          const voter = voters[v];
          let item;
          do {
            item = itemIds[(v * 7919 + cursor[v]++ * 104729) % itemIds.length];
          } while (voted.has(`${voter.user_id}:${item}`));
          voted.add(`${voter.user_id}:${item}`);
          context.pair = `${voter.user_id}:${item}`;
          return {
            ...request,
            path: `/api/v1/items/${item}/vote`,
            headers: { cookie: `fb_session=${voter.token}`, origin: base },
          };
        },
        onResponse(status, _body, context) {
          if (status === 200) succeeded.add(context.pair);
        },
      },
    ],
  });
  // autocannon stops at the deadline without waiting for requests in flight; the server
  // still completes them. Let them land, then account for every row.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const [{ after }] = await sql`select count(*)::int as after from votes`;
  const added =
    await sql`select user_id, item_id from votes where user_id = any(${voters.map((voter) => voter.user_id)}) and created_at >= ${started}::timestamptz`;
  const unanswered = added.filter((row) => !succeeded.has(`${row.user_id}:${row.item_id}`)).length;
  const [{ drift }] =
    await sql`select count(*)::int as drift from items i where i.vote_count <> (select count(*) from votes v where v.item_id = i.id)`;
  console.log(
    `votes: ${after - before} rows added for ${succeeded.size} successful responses` +
      ` (+ ${unanswered} sent before the deadline whose responses autocannon did not wait for);` +
      ` items whose count differs from their rows: ${drift}`,
  );
  return { result, drift };
}
