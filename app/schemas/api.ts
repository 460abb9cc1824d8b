import { z } from "zod";
import { apiScopes } from "#app/services/api-scopes";
import {
  AreaFilterSchema,
  BoardQuerySchema,
  ChannelSchema,
  CommentSchema,
  ItemFieldsSchema,
  KindSchema,
  StatusChangeSchema,
  StatusSchema,
  TagsSchema,
  boardSorts,
} from "./items";

// --- The admin page for API keys ----------------------------------------------------------

const ApiKeyNameSchema = z
  .string({ error: "validation:required" })
  .trim()
  .min(2, { error: "api:errors.nameLength" })
  .max(60, { error: "api:errors.nameLength" });

export const CreateApiKeySchema = z.object({
  intent: z.literal("create"),
  name: ApiKeyNameSchema,
  scopes: z
    .array(z.enum(apiScopes, { error: "api:errors.scopeInvalid" }), { error: "api:errors.scopesRequired" })
    .min(1, { error: "api:errors.scopesRequired" }),
});

export const RevokeApiKeySchema = z.object({ intent: z.literal("revoke"), keyId: z.uuid() });

// --- JSON API bodies and queries ----------------------------------------------------------
// The same rules as the forms, with what JSON clients send naturally: tags as an array.

/**
 * ["fatture", "app"] or "fatture, app". Each element of an array is checked on its own
 * first, so an error names the element the client sent ("tags.2"), not a split-up list.
 */
const ApiTagsSchema = z.preprocess((value, ctx) => {
  if (!Array.isArray(value)) return value;
  value.forEach((tag, index) => {
    const valid = typeof tag === "string" && !tag.includes(",") && TagsSchema.safeParse(tag).success;
    if (!valid) ctx.addIssue({ code: "custom", message: "validation:tagInvalid", path: [index], input: tag });
  });
  return value.join(",");
}, TagsSchema);

export const ApiItemCreateSchema = ItemFieldsSchema.extend({ tags: ApiTagsSchema });

export const ApiStatusChangeSchema = StatusChangeSchema.omit({ intent: true }).extend({
  /** Optional optimistic concurrency: the version the caller last read. */
  version: z.number().int().positive().optional(),
});

export const ApiCommentSchema = CommentSchema.omit({ intent: true });

/**
 * The board query, strict: the board page quietly ignores a bad filter, but an API
 * client that sends `status=planed` should hear about it rather than get every item.
 */
export const ApiBoardQuerySchema = BoardQuerySchema.extend({
  sort: z.enum(boardSorts).default("top"),
  q: z.string().trim().max(200).optional(),
  kind: KindSchema.optional(),
  status: StatusSchema.optional(),
  area: AreaFilterSchema.optional(),
  channel: ChannelSchema.optional(),
  team: z.uuid().optional(),
  tag: z.string().trim().toLowerCase().max(30).optional(),
  mine: z.literal("1").optional(),
  followed: z.literal("1").optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
