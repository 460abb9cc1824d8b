import { and, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { clusters } from "#db/schema/index";
import { clusterName } from "#app/services/clusters/names";
import { reclusterTickets } from "#app/services/clusters/recluster.server";
import { renameCluster } from "#app/services/clusters/manage.server";
import { suggestClustersForText } from "#app/services/clusters/suggest.server";
import { createUser } from "#tests/factories/index";
import { insertTickets, type TicketSeed } from "#tests/factories/clusters-tickets";

// One problem written by Italian and by English customers, and a second problem in Italian only.
function bilingualTickets(): TicketSeed[] {
  const delivery: Array<[string, string]> = [
    ["Pacco non consegnato", "Il corriere non ha consegnato il pacco, la spedizione è ferma."],
    ["Pacco non consegnato", "Il pacco non è mai arrivato, il corriere non è passato."],
    ["Parcel not delivered", "The courier never delivered my parcel, the shipment is stuck."],
    ["Parcel not delivered", "My parcel has not arrived, the courier never came."],
  ];
  const password: Array<[string, string]> = [
    ["Password dimenticata", "Ho dimenticato la password e non riesco ad accedere all'account."],
    ["Reset della password", "Il link per reimpostare la password non funziona."],
  ];
  const seeds: TicketSeed[] = [];
  for (let i = 0; i < 40; i++) {
    const [subject, body] = delivery[i % delivery.length]!;
    seeds.push({ subject, body: `${body} Rif. ${i}.` });
    const [other, text] = password[i % password.length]!;
    seeds.push({ subject: other, body: `${text} Rif. ${i}.` });
  }
  return seeds;
}

async function liveClusters() {
  return getDb()
    .select()
    .from(clusters)
    .where(and(isNull(clusters.retiredAt), isNull(clusters.mergedIntoId)));
}

describe("cluster names in the page's language", () => {
  it("stores an Italian and an English name from the tickets' subjects, and a manager's name wins over both", async () => {
    await insertTickets(bilingualTickets());
    await reclusterTickets(getDb(), { k: 2 });
    const found = await liveClusters();
    const delivery = found.find((row) => row.label === "Pacco non consegnato");
    expect(delivery, JSON.stringify(found.map((row) => [row.label, row.labelEn]))).toBeDefined();
    expect(delivery!.labelEn).toBe("Parcel not delivered");
    expect(clusterName(delivery!, "it")).toBe("Pacco non consegnato");
    expect(clusterName(delivery!, "en")).toBe("Parcel not delivered");
    // A cluster with Italian members only shows its Italian name on English pages too.
    const password = found.find((row) => row.id !== delivery!.id)!;
    expect(password.label).toMatch(/password/i);
    expect(password.labelEn).toBe(password.label);

    const manager = await createUser({ role: "manager" });
    await renameCluster(getDb(), { id: manager.id, role: "manager" }, delivery!.id, "Consegne mancate");
    await reclusterTickets(getDb(), { k: 2 });
    const renamed = (await liveClusters()).find((row) => row.id === delivery!.id)!;
    expect(clusterName(renamed, "it")).toBe("Consegne mancate");
    expect(clusterName(renamed, "en")).toBe("Consegne mancate");
  });

  it("suggests a cluster while posting only when the title is truly close, in either language", async () => {
    await insertTickets(bilingualTickets());
    await reclusterTickets(getDb(), { k: 2 });
    const delivery = (await liveClusters()).find((row) => row.label === "Pacco non consegnato")!;
    expect((await suggestClustersForText(getDb(), "Il corriere non consegna i pacchi"))[0]?.id).toBe(delivery.id);
    expect((await suggestClustersForText(getDb(), "Parcels are never delivered"))[0]?.id).toBe(delivery.id);
    expect(await suggestClustersForText(getDb(), "abc")).toEqual([]);
    expect(await suggestClustersForText(getDb(), "Vorrei un caffè al bar con gli amici")).toEqual([]);
  });
});
