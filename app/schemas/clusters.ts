import { z } from "zod";

export const CLUSTER_NAME_MAX = 80;

/** One or many values of a repeated form field, as an array. */
const many = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]),
    z.array(schema),
  );

export const ClusterNumberSchema = z.coerce.number().int().positive().max(2_147_483_647);

export const ClusterActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("rename"),
    name: z
      .string()
      .trim()
      .max(CLUSTER_NAME_MAX, { error: "clusters:errors.nameLength" })
      .optional()
      .transform((value) => value || null),
  }),
  z.object({ intent: z.literal("merge"), target: z.uuid({ error: "clusters:errors.targetRequired" }) }),
  z.object({
    intent: z.literal("split"),
    k: z.preprocess(
      (value) => (value === "" || value === undefined ? undefined : value),
      z.coerce
        .number({ error: "clusters:errors.partsInvalid" })
        .int({ error: "clusters:errors.partsInvalid" })
        .min(2, { error: "clusters:errors.partsInvalid" })
        .max(10, { error: "clusters:errors.partsInvalid" })
        .optional(),
    ),
  }),
  z.object({
    intent: z.literal("move"),
    target: z.uuid({ error: "clusters:errors.targetRequired" }),
    tickets: many(z.uuid()).pipe(z.array(z.uuid()).min(1, { error: "clusters:errors.ticketsRequired" }).max(200)),
  }),
  z.object({ intent: z.literal("recluster") }),
]);
export type ClusterAction = z.output<typeof ClusterActionSchema>;

/** Cluster numbers picked on the new-item form (a hidden field from a cluster page, checkboxes). */
export const ClusterLinksSchema = many(ClusterNumberSchema)
  .refine((numbers) => numbers.length <= 5, { error: "clusters:errors.tooManyLinks" })
  .transform((numbers) => [...new Set(numbers)]);

/** Link or unlink a cluster on the item page. */
export const ItemClusterLinkSchema = z.object({
  intent: z.enum(["cluster-link", "cluster-unlink"]),
  cluster: z.uuid({ error: "clusters:errors.targetRequired" }),
});
