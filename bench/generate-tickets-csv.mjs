// Writes a Zendesk-style CSV of N tickets (default 100,000) for the import benchmark.
// Usage: node bench/generate-tickets-csv.mjs [rows] [file]
import { createWriteStream } from "node:fs";
import { once } from "node:events";

const rows = Number(process.argv[2] ?? 100_000);
const file = process.argv[3] ?? "/tmp/floorboard-tickets-bench.csv";
const subjects = [
  "Addebito doppio sulla fattura",
  "L'app si chiude al login",
  "Consegna in ritardo",
  "Refund not received",
  "Password dimenticata",
  "Modem non si connette",
  "Cambio piano tariffario",
];
const bodies = [
  "Buongiorno, mi avete addebitato due volte l'importo di € 49,90. Scrivetemi a cliente{n}@example.it.",
  "Dopo l'aggiornamento l'app si chiude subito.\nHo provato a reinstallarla, senza risultato. \"Urgente\".",
  "Il pacco dell'ordine {n} doveva arrivare il 03/04/2024; chiamatemi al 347 123 4567.",
  "Please refund card 4111 1111 1111 1111, order {n}.",
  "Non riesco a entrare nel portale, codice fiscale RSSMRA85T10A562S.",
];
const statuses = ["Open", "Pending", "Solved", "Closed", "New", "Hold"];
const vias = ["Email", "Web Widget", "Phone call (incoming)", "Chat", "WhatsApp", "Twitter"];
const csat = ["Good", "Bad", "Offered", "Unoffered", ""];
const quote = (value) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

const out = createWriteStream(file);
const write = async (line) => {
  if (!out.write(line)) await once(out, "drain");
};
await write(
  "Id,Subject,Description,Status,Via,Created at,Solved at,First reply time in minutes,Satisfaction Score,Replies\n",
);
const start = Date.UTC(2024, 0, 1);
for (let n = 1; n <= rows; n += 1) {
  const created = new Date(start + n * 37_000);
  const stamp = created.toISOString().slice(0, 16).replace("T", " ");
  const status = statuses[n % statuses.length];
  const solved =
    status === "Solved" || status === "Closed" ? new Date(created.getTime() + 86_400_000).toISOString() : "";
  await write(
    [
      String(n),
      quote(subjects[n % subjects.length]),
      quote(bodies[n % bodies.length].replace("{n}", String(n))),
      status,
      quote(vias[n % vias.length]),
      stamp,
      solved,
      String(n % 240),
      csat[n % csat.length],
      String(n % 7),
    ].join(",") + "\n",
  );
}
out.end();
await once(out, "finish");
console.log(`wrote ${rows} tickets to ${file}`);
