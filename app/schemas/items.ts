import { z } from "zod";
import { channel, itemArea, itemKind, outcomeAnswer } from "#db/schema/enums";
import { itemStatuses } from "#app/services/workflow";
import { ClusterLinksSchema } from "./clusters";
import { calendarDate } from "./dates";
import { noNul, visibleLine } from "./text";

const TITLE_MIN = 5;
export const TITLE_MAX = 140;
const BODY_MAX = 5000;
const COMMENT_MAX = 3000;
const MAX_TAGS = 10;

export const KindSchema = z.enum(itemKind.enumValues, { error: "validation:choiceInvalid" });
export const AreaSchema = z.enum(itemArea.enumValues, { error: "validation:choiceInvalid" });
export const ChannelSchema = z.enum(channel.enumValues, { error: "validation:choiceInvalid" });
export const StatusSchema = z.enum(itemStatuses, { error: "validation:choiceInvalid" });
/** A list filter on the root cause: one of the areas, or "none" for items still without one. */
export const AreaFilterSchema = z.union([AreaSchema, z.literal("none")], { error: "validation:choiceInvalid" });

const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u;

/** "Fatture, App mobile ,fatture" → ["fatture", "app mobile"]; errors land on the field itself. */
export const TagsSchema = z
  .string()
  .max(400, { error: "validation:tagsInvalid" })
  .optional()
  .transform((value, context) => {
    const tags = [
      ...new Set(
        (value ?? "")
          .split(",")
          .map((tag) => tag.trim().toLowerCase().replace(/\s+/g, " "))
          .filter(Boolean),
      ),
    ];
    if (tags.length > MAX_TAGS) context.addIssue({ code: "custom", message: "validation:tagsTooMany" });
    else if (tags.some((tag) => tag.length > 30 || !TAG_PATTERN.test(tag)))
      context.addIssue({ code: "custom", message: "validation:tagInvalid" });
    return tags;
  });

/**
 * A form posted without JavaScript sends each textarea line break as CR LF, while the field's
 * maxlength counted it as one character: count them as the person saw them.
 */
const oneCharacterLineBreaks = (value: unknown) => (typeof value === "string" ? value.replace(/\r\n?/g, "\n") : value);

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("1"), z.boolean()])
  .optional()
  .transform((value) => value === true || value === "on" || value === "true" || value === "1");

export const ItemFieldsSchema = z.object({
  title: visibleLine(
    z
      .string({ error: "validation:required" })
      .trim()
      .min(TITLE_MIN, { error: "validation:titleLength" })
      .max(TITLE_MAX, { error: "validation:titleLength" }),
  ),
  body: z
    .preprocess(oneCharacterLineBreaks, noNul(z.string().max(BODY_MAX, { error: "validation:bodyLength" })).optional())
    .transform((value) => (value ?? "").trim()),
  kind: KindSchema,
  // Optional: an agent between calls may not know the root cause; a manager names it at triage.
  area: AreaSchema.optional().transform((value) => value ?? null),
  channel: ChannelSchema.optional().transform((value) => value ?? null),
  teamId: z
    .uuid({ error: "validation:teamInvalid" })
    .optional()
    .transform((value) => value ?? null),
  tags: TagsSchema,
  anonymous: checkbox,
});

/** The new-item form: the item's fields and the ticket clusters to link it to. */
export const ItemFormSchema = ItemFieldsSchema.extend({ clusters: ClusterLinksSchema });
export type ItemInput = z.output<typeof ItemFieldsSchema>;

export const ItemEditSchema = ItemFieldsSchema.omit({ anonymous: true }).extend({
  version: z.coerce.number().int().positive(),
});

const isoDate = calendarDate("validation:dateInvalid");

export const StatusChangeSchema = z.object({
  intent: z.literal("status"),
  status: StatusSchema,
  note: z
    .string()
    .max(2000, { error: "validation:noteLength" })
    .optional()
    .transform((value) => value?.trim() || null),
  ownerId: z
    .uuid({ error: "validation:ownerInvalid" })
    .optional()
    .transform((value) => value ?? null),
  targetDate: isoDate.optional().transform((value) => value ?? null),
  duplicateOf: z.coerce
    .number({ error: "validation:itemNumberInvalid" })
    .int({ error: "validation:itemNumberInvalid" })
    .positive({ error: "validation:itemNumberInvalid" })
    .max(2_147_483_647, { error: "validation:itemNumberInvalid" })
    .optional(),
});
export type StatusChangeInput = z.output<typeof StatusChangeSchema>;

export const CommentSchema = z.object({
  intent: z.literal("comment"),
  body: z.preprocess(
    oneCharacterLineBreaks,
    z
      .string({ error: "validation:required" })
      .trim()
      .min(1, { error: "validation:required" })
      .max(COMMENT_MAX, { error: "validation:commentLength" }),
  ),
  parentId: z.uuid().optional(),
});

export const OutcomeSchema = z.object({
  intent: z.literal("outcome"),
  answer: z.enum(outcomeAnswer.enumValues, { error: "validation:choiceInvalid" }),
  comment: z
    .string()
    .max(2000, { error: "validation:noteLength" })
    .optional()
    .transform((value) => value?.trim() || null),
});

/** "marco.bianchi", as typed after an "@". */
const HandleSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(60)
  .regex(/^[a-z0-9.]+$/);

export const boardSorts = ["top", "new", "trending", "impact"] as const;
export type BoardSort = (typeof boardSorts)[number];

/** Board filters from the query string; anything unknown falls back to "no filter". */
export const BoardQuerySchema = z.object({
  sort: z.enum(boardSorts).catch("top"),
  q: z.string().trim().max(200).optional().catch(undefined),
  kind: KindSchema.optional().catch(undefined),
  status: StatusSchema.optional().catch(undefined),
  area: AreaFilterSchema.optional().catch(undefined),
  channel: ChannelSchema.optional().catch(undefined),
  team: z.uuid().optional().catch(undefined),
  tag: z.string().trim().toLowerCase().max(30).optional().catch(undefined),
  mine: z.literal("1").optional().catch(undefined),
  followed: z.literal("1").optional().catch(undefined),
  /** A person's handle: what they posted under their name (a mention links here). */
  author: HandleSchema.optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(100).optional().catch(undefined),
});
export type BoardQuery = z.output<typeof BoardQuerySchema>;

/** The short number in /items/:number; anything else is a 404. */
export const ItemNumberSchema = z.coerce.number().int().positive().max(2_147_483_647);
