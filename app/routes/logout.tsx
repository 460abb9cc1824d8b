import { z } from "zod";
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "#app/auth/require.server";
import { endAllSessions, signOut } from "#app/auth/session.server";

const LogoutSchema = z.object({ scope: z.enum(["this", "everywhere"]).default("this") });

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { scope } = LogoutSchema.parse(Object.fromEntries(await request.formData()));
  if (scope === "everywhere") await endAllSessions(user.id);
  return signOut(request, "/login");
}
