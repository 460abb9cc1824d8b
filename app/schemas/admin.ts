import { z } from "zod";
import { roles } from "#app/services/permissions";
import { EmailSchema } from "./auth";
import { visibleLine } from "./text";

const RoleSchema = z.enum(roles, { error: "validation:roleInvalid" });
const OptionalTeamSchema = z
  .uuid({ error: "validation:teamInvalid" })
  .optional()
  .transform((value) => value ?? null);

export const TeamNameSchema = visibleLine(
  z
    .string({ error: "validation:required" })
    .trim()
    .min(2, { error: "validation:teamNameLength" })
    .max(60, { error: "validation:teamNameLength" }),
);

export const InviteSchema = z.object({
  intent: z.literal("invite"),
  email: EmailSchema,
  role: RoleSchema,
  teamId: OptionalTeamSchema,
});

export const UpdateUserSchema = z.object({
  intent: z.literal("update"),
  userId: z.uuid(),
  role: RoleSchema,
  teamId: OptionalTeamSchema,
});

export const UserStatusSchema = z.object({
  intent: z.enum(["deactivate", "reactivate"]),
  userId: z.uuid(),
});

export const RevokeInvitationSchema = z.object({
  intent: z.literal("revoke-invitation"),
  invitationId: z.uuid(),
});

export const CreateTeamSchema = z.object({ intent: z.literal("create"), name: TeamNameSchema });
export const RenameTeamSchema = z.object({ intent: z.literal("rename"), teamId: z.uuid(), name: TeamNameSchema });
export const ArchiveTeamSchema = z.object({ intent: z.enum(["archive", "restore"]), teamId: z.uuid() });
