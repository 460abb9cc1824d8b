import { redirect } from "@remix-run/node";
import type { Database } from "#db/client.server";
import { ClusterActionSchema, type ClusterAction } from "#app/schemas/clusters";
import type { ActorWithRole } from "#app/services/actor";
import { requestRecluster } from "#app/services/clusters/jobs.server";
import { listClusterKpis } from "#app/services/clusters/kpis.server";
import { mergeClusters, moveTickets, renameCluster, splitCluster } from "#app/services/clusters/manage.server";
import { badRequest, formError } from "#app/utils/http.server";

type Intent = ClusterAction["intent"];
type InputOf<I extends Intent> = Extract<ClusterAction, { intent: I }>;
type Context = { db: Database; actor: ActorWithRole; clusterId: string };

/** A service's refusal, shown on the page: a 403 when the person may not, a 400 otherwise. */
function refused(intent: Intent, error: string) {
  return formError(intent, `clusters:errors.${error}`, { status: error === "forbidden" ? 403 : 400 });
}

type Outcome = Response | ReturnType<typeof refused> | { done: Intent };
type Handler<I extends Intent> = (context: Context, input: InputOf<I>) => Promise<Outcome>;

/** One handler per form on the cluster page, by its `intent`. */
const handlers: { [I in Intent]: Handler<I> } = {
  rename: async ({ db, actor, clusterId }, input) => {
    const result = await renameCluster(db, actor, clusterId, input.name);
    return result.ok ? { done: input.intent } : refused(input.intent, result.error);
  },
  merge: async ({ db, actor, clusterId }, input) => {
    const result = await mergeClusters(db, actor, clusterId, input.target);
    if (!result.ok) return refused(input.intent, result.error);
    const [target] = await listClusterKpis(db, { clusterIds: [input.target] });
    return redirect(`/clusters/${target?.number ?? ""}`);
  },
  split: async ({ db, actor, clusterId }, input) => {
    const result = await splitCluster(db, actor, clusterId, input.k ?? "auto");
    return result.ok ? { done: input.intent } : refused(input.intent, result.error);
  },
  move: async ({ db, actor }, input) => {
    const result = await moveTickets(db, actor, input.tickets, input.target);
    return result.ok ? { done: input.intent } : refused(input.intent, result.error);
  },
  recluster: async ({ db, actor }, input) => {
    const result = await requestRecluster(db, actor);
    return result.ok ? redirect("/clusters") : refused(input.intent, result.error);
  },
};

function isIntent(value: unknown): value is Intent {
  return typeof value === "string" && Object.hasOwn(handlers, value);
}

function dispatch<I extends Intent>(context: Context, input: InputOf<I>) {
  return handlers[input.intent as I](context, input);
}

/** Form fields as an object; a repeated field becomes an array. */
function parseForm(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key).map(String);
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}

/** Runs the form's intent; an intent no form sends is a bad request, not a validation message. */
export async function clusterAction(context: Context, formData: FormData) {
  const fields = parseForm(formData);
  if (!isIntent(fields.intent)) throw badRequest();
  const parsed = ClusterActionSchema.safeParse(fields);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "";
    return formError(fields.intent, message.startsWith("clusters:") ? message : "clusters:errors.invalid");
  }
  return dispatch(context, parsed.data);
}
