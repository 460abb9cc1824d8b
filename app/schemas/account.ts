import { z } from "zod";
import { emailMode } from "#db/schema/enums";
import { supportedLocales } from "#app/i18n/config";
import { PersonNameSchema } from "./auth";

const LocaleSchema = z.enum(supportedLocales, { error: "validation:localeInvalid" });

export const ChangeLocaleSchema = z.object({
  locale: LocaleSchema,
  redirectTo: z.string().optional(),
});

export const AccountSchema = z.object({
  intent: z.literal("profile"),
  name: PersonNameSchema,
  locale: LocaleSchema,
  /** Optional: a form without it leaves the setting as it is. */
  emailMode: z.enum(emailMode.enumValues, { error: "validation:choiceInvalid" }).optional(),
});
