import { z } from "zod";

/**
 * What an error Response thrown by a loader or action carries: a message key of the app's own
 * (never raw text, so nothing from a request is shown as is) and the values it names.
 */
export type ErrorPayload = { reason: string | null; values?: Record<string, string | number> };

/** "items:errors.itemMissing" or "errors.404.title": an i18n key, nothing else. */
const MessageKeySchema = z
  .string()
  .max(80)
  .regex(/^(?:[a-z]+:)?[A-Za-z][\w]*(?:\.[\w]+)*$/);

const ErrorPayloadSchema = z.object({
  reason: MessageKeySchema,
  values: z.record(z.string().max(30), z.union([z.string().max(60), z.number()])).optional(),
});

/** The message key and values in an error Response's data, or null when it holds none of ours. */
export function readErrorPayload(data: unknown): { reason: string; values: Record<string, string | number> } | null {
  const parsed = ErrorPayloadSchema.safeParse(data);
  return parsed.success ? { reason: parsed.data.reason, values: parsed.data.values ?? {} } : null;
}
