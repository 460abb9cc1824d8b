import { z } from "zod";
import { visibleLine } from "./text";

const PASSWORD_MIN = 10;
const PASSWORD_MAX = 200;

// Messages are i18n keys; forms translate them in the active language.
export const EmailSchema = z
  .string({ error: "validation:required" })
  .trim()
  .max(254, { error: "validation:emailInvalid" })
  .pipe(z.email({ error: "validation:emailInvalid" }))
  .transform((value) => value.toLowerCase());

const NewPasswordSchema = z
  .string({ error: "validation:required" })
  .min(PASSWORD_MIN, { error: "validation:passwordMin" })
  .max(PASSWORD_MAX, { error: "validation:passwordMax" });

/** A display name: shown in emails and on the wall, so one line of visible text. */
export const PersonNameSchema = visibleLine(
  z
    .string({ error: "validation:required" })
    .trim()
    .min(2, { error: "validation:nameLength" })
    .max(80, { error: "validation:nameLength" }),
);

export const LoginSchema = z.object({
  email: EmailSchema,
  // Sign-in does not enforce the length rule: a wrong password gets the same answer either way.
  password: z.string({ error: "validation:required" }).max(PASSWORD_MAX, { error: "validation:passwordMax" }),
  redirectTo: z.string().optional(),
});

export const SetupSchema = z.object({
  name: PersonNameSchema,
  email: EmailSchema,
  password: NewPasswordSchema,
  teamName: z
    .string({ error: "validation:required" })
    .trim()
    .min(2, { error: "validation:teamNameLength" })
    .max(60, { error: "validation:teamNameLength" }),
});

export const AcceptInvitationSchema = z
  .object({
    name: PersonNameSchema,
    password: NewPasswordSchema,
    confirmPassword: z.string({ error: "validation:required" }),
  })
  .refine((value) => value.password === value.confirmPassword, {
    error: "validation:passwordMismatch",
    path: ["confirmPassword"],
  });
