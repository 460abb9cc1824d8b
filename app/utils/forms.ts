import { z } from "zod";

/**
 * The one shape of a form error that is not a conform reply: which form failed (its intent),
 * the message key to show, and the row it is about (a person, a team, a comment) when a page
 * lists several forms of the same kind. A message that names things ("no column for Subject")
 * carries them in `values`.
 */
export type FormErrorValues = Record<string, string | number>;
export type FormError = { intent: string; message: string; target: string | null; values?: FormErrorValues };
export type FormErrorData = { formError: FormError };

const FormErrorDataSchema = z.object({
  formError: z.object({
    intent: z.string(),
    message: z.string(),
    target: z.string().nullable(),
    values: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  }),
});

/** The body of a form error, for an action that must answer with a plain Response. */
export function formErrorBody(
  intent: string,
  message: string,
  target: string | null = null,
  values?: FormErrorValues,
): FormErrorData {
  return { formError: values ? { intent, message, target, values } : { intent, message, target } };
}

/**
 * The form error in an action's data, with its values, when it answers one of these intents
 * (and, given a target, that row); undefined otherwise.
 */
export function readFormError(
  actionData: unknown,
  intents: string | readonly string[],
  target?: string,
): { message: string; values: FormErrorValues } | undefined {
  const parsed = FormErrorDataSchema.safeParse(actionData);
  if (!parsed.success) return undefined;
  const { intent, message, target: about, values } = parsed.data.formError;
  const wanted = typeof intents === "string" ? [intents] : intents;
  if (!wanted.includes(intent)) return undefined;
  if (target !== undefined && about !== target) return undefined;
  return { message, values: values ?? {} };
}

/** The message key of the form error in an action's data for these intents (and row); undefined otherwise. */
export function formErrorFor(
  actionData: unknown,
  intents: string | readonly string[],
  target?: string,
): string | undefined {
  return readFormError(actionData, intents, target)?.message;
}
