import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { clusters, itemClusters, items } from "#db/schema/index";
import { action as clusterAction, loader as clusterLoader } from "#app/routes/clusters_.$number/route";
import { loader as suggestLoader } from "#app/routes/clusters_.suggest";
import { action as listAction, loader as listLoader } from "#app/routes/clusters";
import { action as itemAction } from "#app/routes/items.$number/route";
import { action as newItemAction, loader as newItemLoader } from "#app/routes/items.new";
import { reclusterTickets } from "#app/services/clusters/recluster.server";
import { createUser, sessionCookie } from "#tests/factories/index";
import { insertCluster, insertTickets, topicTickets } from "#tests/factories/clusters-tickets";
import { postItem } from "#tests/factories/items";
import { makeRequest, runRoute } from "#tests/support/routes";

describe("cluster pages", () => {
  it("are for managers: an agent gets 403 on the list, the page and every action", async () => {
    const agent = await createUser();
    const cookie = await sessionCookie(agent.id);
    const cluster = await insertCluster("fattura");
    const params = { number: String(cluster.number) };
    expect(
      (await runRoute(() => listLoader({ request: makeRequest("/clusters", { cookie }), params: {}, context: {} })))
        .status,
    ).toBe(403);
    expect(
      (
        await runRoute(() =>
          listAction({
            request: makeRequest("/clusters", { cookie, form: { intent: "recluster" } }),
            params: {},
            context: {},
          }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await runRoute(() =>
          clusterLoader({ request: makeRequest(`/clusters/${cluster.number}`, { cookie }), params, context: {} }),
        )
      ).status,
    ).toBe(403);
    const forms: Array<Record<string, string>> = [
      { intent: "rename", name: "Nuovo" },
      { intent: "merge", target: cluster.id },
    ];
    for (const form of forms) {
      const result = await runRoute(() =>
        clusterAction({ request: makeRequest(`/clusters/${cluster.number}`, { cookie, form }), params, context: {} }),
      );
      expect(result.status).toBe(403);
    }
    const [row] = await getDb().select().from(clusters).where(eq(clusters.id, cluster.id));
    expect(row?.name).toBeNull();
  });

  it("let a manager rename a cluster and see its KPIs, sorted by a query parameter", async () => {
    const manager = await createUser({ role: "manager" });
    const cookie = await sessionCookie(manager.id);
    const big = await insertCluster("grande");
    const small = await insertCluster("piccolo");
    await insertTickets([{ clusterId: big.id }, { clusterId: big.id }, { clusterId: small.id }]);
    const renamed = await runRoute(() =>
      clusterAction({
        request: makeRequest(`/clusters/${small.number}`, {
          cookie,
          form: { intent: "rename", name: "  Resi in negozio " },
        }),
        params: { number: String(small.number) },
        context: {},
      }),
    );
    expect(renamed.status).toBe(200);
    const tooLong = await runRoute(() =>
      clusterAction({
        request: makeRequest(`/clusters/${small.number}`, { cookie, form: { intent: "rename", name: "x".repeat(81) } }),
        params: { number: String(small.number) },
        context: {},
      }),
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.data).toEqual({
      formError: { intent: "rename", message: "clusters:errors.nameLength", target: null },
    });
    const list = await runRoute(() =>
      listLoader({ request: makeRequest("/clusters?sort=size&dir=asc", { cookie }), params: {}, context: {} }),
    );
    const data = list.data as { clusters: Array<{ name: string | null; size: number }> };
    expect(data.clusters.map((row) => [row.name, row.size])).toEqual([
      ["Resi in negozio", 1],
      [null, 2],
    ]);
  });

  it("answer an action no form sends with a 400, changing nothing", async () => {
    const manager = await createUser({ role: "manager" });
    const cookie = await sessionCookie(manager.id);
    const cluster = await insertCluster("fattura");
    const forms: Array<Record<string, string>> = [{ intent: "delete" }, { intent: "toString" }, { name: "Nuovo" }];
    for (const form of forms) {
      const result = await runRoute(() =>
        clusterAction({
          request: makeRequest(`/clusters/${cluster.number}`, { cookie, form }),
          params: { number: String(cluster.number) },
          context: {},
        }),
      );
      expect(result).toMatchObject({ status: 400, thrown: true, data: { reason: "validation:invalidForm" } });
    }
    const [row] = await getDb().select().from(clusters).where(eq(clusters.id, cluster.id));
    expect(row?.name).toBeNull();
  });
});

describe("linking items to clusters", () => {
  it("lets an agent link their item while posting it, from a cluster page or a suggestion", async () => {
    const agent = await createUser();
    const cookie = await sessionCookie(agent.id);
    const ids = (
      await insertTickets([
        ...topicTickets("billing", 20),
        ...topicTickets("delivery", 20),
        ...topicTickets("login", 20),
      ])
    ).map((row) => row.id);
    expect(ids).toHaveLength(60);
    await reclusterTickets(getDb(), { k: 3 });

    const suggestions = await runRoute(() =>
      suggestLoader({
        request: makeRequest(`/clusters/suggest?q=${encodeURIComponent("Il corriere non ha consegnato il pacco")}`, {
          cookie,
        }),
        params: {},
        context: {},
      }),
    );
    const found = (suggestions.data as { clusters: Array<{ number: number; label: string }> }).clusters;
    expect(found.length).toBeGreaterThan(0);
    const delivery = found[0]!;

    const form = await runRoute(() =>
      newItemLoader({
        request: makeRequest(`/items/new?cluster=${delivery.number}`, { cookie }),
        params: {},
        context: {},
      }),
    );
    expect((form.data as { cluster: { number: number } | null }).cluster?.number).toBe(delivery.number);

    const posted = await runRoute(() =>
      newItemAction({
        request: makeRequest("/items/new", {
          cookie,
          form: {
            kind: "idea",
            title: "Avvisare prima della consegna",
            area: "process",
            clusters: String(delivery.number),
          },
        }),
        params: {},
        context: {},
      }),
    );
    expect(posted.status).toBe(302);
    const [item] = await getDb().select().from(items);
    const links = await getDb()
      .select({ number: clusters.number })
      .from(itemClusters)
      .innerJoin(clusters, eq(clusters.id, itemClusters.clusterId))
      .where(eq(itemClusters.itemId, item!.id));
    expect(links).toEqual([{ number: delivery.number }]);
    expect(item!.impactTickets).toBe(20);
  });

  it("lets managers link and unlink on the item page, and not agents", async () => {
    const agent = await createUser();
    const manager = await createUser({ role: "manager" });
    const cluster = await insertCluster("rimborsi");
    const item = await postItem(agent.id);
    const params = { number: String(item.number) };
    const request = (cookie: string, intent: string) =>
      makeRequest(`/items/${item.number}`, { cookie, form: { intent, cluster: cluster.id } });
    const agentCookie = await sessionCookie(agent.id);
    const agentTry = await runRoute(() =>
      itemAction({ request: request(agentCookie, "cluster-link"), params, context: {} }),
    );
    expect(agentTry.status).toBe(403);
    expect(await getDb().select().from(itemClusters)).toHaveLength(0);
    const managerCookie = await sessionCookie(manager.id);
    expect(
      (await runRoute(() => itemAction({ request: request(managerCookie, "cluster-link"), params, context: {} })))
        .status,
    ).toBe(200);
    expect(await getDb().select().from(itemClusters)).toHaveLength(1);
    expect(
      (await runRoute(() => itemAction({ request: request(managerCookie, "cluster-unlink"), params, context: {} })))
        .status,
    ).toBe(200);
    expect(await getDb().select().from(itemClusters)).toHaveLength(0);
  });
});
