// Writes docs/samples/zendesk-export-it.csv: about 360 tickets of an Italian contact centre
// as Zendesk's CSV export has them, for trying Admin → Imports with the Zendesk preset.
// The same seed always gives the same file. Usage: npx tsx scripts/make-sample-export.ts
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { generateDemoTickets, randomSource, type DemoTicket } from "#app/services/demo/ticket-texts";
import type { Channel } from "#db/schema/enums";

export const SAMPLE_EXPORT_PATH = "docs/samples/zendesk-export-it.csv";

// A fixed end date, so the file does not change each time it is made.
const EXPORTED_AT = Date.UTC(2026, 10, 27, 17, 0);
const FIRST_ID = 40_001;

const headers = [
  "Id",
  "Requester",
  "Subject",
  "Description",
  "Status",
  "Priority",
  "Via",
  "Requester language",
  "Created at",
  "Updated at",
  "Solved at",
  "First reply time in minutes",
  "Satisfaction Score",
  "Replies",
];

// Zendesk has no store channel: a customer back from a store visit phones in.
const via: Record<Channel, string[]> = {
  phone: ["Phone call (incoming)"],
  email: ["Email"],
  chat: ["Chat"],
  social: ["Facebook", "Instagram Direct"],
  web_form: ["Web form", "Web Widget"],
  store: ["Phone call (incoming)"],
  messaging: ["WhatsApp"],
};

// Invented names; the importer does not read the requester, but a real export has one.
const requesters = {
  it: [
    "Maria Ferrari",
    "Giuseppe Russo",
    "Anna Moretti",
    "Paolo Fontana",
    "Rosa Barbieri",
    "Antonio Lombardi",
    "Laura Rinaldi",
    "Franco Caruso",
    "Silvia Ferri",
    "Roberto Galli",
    "Teresa Marchetti",
    "Stefano Leone",
  ],
  en: ["Emma Clarke", "James Walker", "Sophie Martin", "Daniel Hughes"],
};

const romeClock = new Intl.DateTimeFormat("en-US", {
  timeZone: "Europe/Rome",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/** "2026-11-03 14:07": Zendesk's export writes times in the account's zone, without an offset. */
function romeTime(date: Date): string {
  const parts = Object.fromEntries(romeClock.formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function zendeskStatus(ticket: DemoTicket): string {
  if (ticket.status === "resolved") return "Solved";
  if (ticket.status === "closed") return "Closed";
  if (ticket.status === "pending") return "Pending";
  return ticket.firstResponseAt ? "Open" : "New";
}

function satisfaction(ticket: DemoTicket): string {
  if (ticket.csatGood !== null) return ticket.csatGood ? "Good" : "Bad";
  return ticket.resolvedAt ? "Offered" : "Unoffered";
}

/** The whole export as CSV text. */
export function sampleZendeskExport(): string {
  const random = randomSource(4011);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const tickets = generateDemoTickets(random, { now: EXPORTED_AT, weeks: 12, scale: 0.18 }).sort(
    (a, b) => a.openedAt.getTime() - b.openedAt.getTime(),
  );
  const lines = [headers.join(",")];
  tickets.forEach((ticket, index) => {
    const solved = ticket.status === "resolved" || ticket.status === "closed";
    const minutes = ticket.firstResponseAt
      ? Math.round((ticket.firstResponseAt.getTime() - ticket.openedAt.getTime()) / 60_000)
      : null;
    const updatedAt = ticket.resolvedAt ?? ticket.firstResponseAt ?? ticket.openedAt;
    const roll = random();
    const row = [
      FIRST_ID + index,
      pick(requesters[ticket.language]),
      ticket.subject,
      ticket.body,
      zendeskStatus(ticket),
      roll < 0.05 ? "Urgent" : roll < 0.2 ? "High" : roll < 0.3 ? "Low" : "Normal",
      pick(via[ticket.channel]),
      ticket.language === "it" ? "Italiano" : "English",
      romeTime(ticket.openedAt),
      romeTime(updatedAt),
      solved && ticket.resolvedAt ? romeTime(ticket.resolvedAt) : "",
      minutes ?? "",
      satisfaction(ticket),
      ticket.firstResponseAt ? ticket.interactions : 0,
    ];
    lines.push(row.map(csvField).join(","));
  });
  return `${lines.join("\n")}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = path.resolve(SAMPLE_EXPORT_PATH);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, sampleZendeskExport());
  console.log(`Wrote ${path.relative(process.cwd(), file)}.`);
}
