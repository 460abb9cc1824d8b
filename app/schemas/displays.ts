import { z } from "zod";
import { TagsSchema } from "./items";

export const wallPanels = ["whiteboard", "top", "recent", "done", "trends", "qr"] as const;
export type WallPanel = (typeof wallPanels)[number];

const DisplayFieldsSchema = z.object({
  name: z
    .string({ error: "validation:required" })
    .trim()
    .min(2, { error: "displays:errors.nameLength" })
    .max(60, { error: "displays:errors.nameLength" }),
  location: z
    .string()
    .trim()
    .max(80, { error: "displays:errors.locationLength" })
    .optional()
    .transform((value) => value ?? ""),
  locale: z.enum(["it", "en"], { error: "displays:errors.localeInvalid" }),
  panels: z
    .array(z.enum(wallPanels, { error: "displays:errors.panelInvalid" }), { error: "displays:errors.panelsRequired" })
    .min(1, { error: "displays:errors.panelsRequired" }),
  teamIds: z
    .array(z.uuid({ error: "displays:errors.teamInvalid" }))
    .max(50)
    .optional()
    .transform((value) => [...new Set(value ?? [])]),
  tags: TagsSchema,
  rotationSeconds: z.coerce
    .number({ error: "displays:errors.rotationRange" })
    .int({ error: "displays:errors.rotationRange" })
    .min(5, { error: "displays:errors.rotationRange" })
    .max(600, { error: "displays:errors.rotationRange" }),
});
export type DisplayInput = z.output<typeof DisplayFieldsSchema>;

export const CreateDisplaySchema = DisplayFieldsSchema.extend({ intent: z.literal("create") });
export const UpdateDisplaySchema = DisplayFieldsSchema.extend({ intent: z.literal("update"), displayId: z.uuid() });
export const DisplayActionSchema = z.object({ intent: z.enum(["regenerate", "revoke"]), displayId: z.uuid() });

/** A display token in a URL: base64url, 43 characters for 32 random bytes. */
export const DisplayTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** Last-Event-ID, from the header or the `lastEventId` query parameter. */
export const LastEventIdSchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
