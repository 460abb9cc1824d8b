import { z } from "zod";

/**
 * The one shape of a form error that is not a conform reply: which form failed (its intent),
 * the message key to show, and the row it is about (a person, a team, a comment) when a page
 * lists several forms of the same kind.
 */
export type FormError = { intent: string; message: string; target: string | null };
export type FormErrorData = { formError: FormError };

const FormErrorDataSchema = z.object({
  formError: z.object({ intent: z.string(), message: z.string(), target: z.string().nullable() }),
});

/** The body of a form error, for an action that must answer with a plain Response. */
export function formErrorBody(intent: string, message: string, target: string | null = null): FormErrorData {
  return { formError: { intent, message, target } };
}

/**
 * The message key of the form error in an action's data, when it answers one of these intents
 * (and, given a target, that row); undefined otherwise.
 */
export function formErrorFor(
  actionData: unknown,
  intents: string | readonly string[],
  target?: string,
): string | undefined {
  const parsed = FormErrorDataSchema.safeParse(actionData);
  if (!parsed.success) return undefined;
  const { intent, message, target: about } = parsed.data.formError;
  const wanted = typeof intents === "string" ? [intents] : intents;
  if (!wanted.includes(intent)) return undefined;
  if (target !== undefined && about !== target) return undefined;
  return message;
}
