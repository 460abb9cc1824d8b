import { z } from "zod";
import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "#app/auth/require.server";
import { endAllSessions, signOut } from "#app/auth/session.server";
import { readForm } from "#app/utils/http.server";

const LogoutSchema = z.object({ scope: z.enum(["this", "everywhere"]).default("this") });

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = LogoutSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "validation:choiceInvalid" }, { status: 400 });
  const { scope } = parsed.data;
  if (scope === "everywhere") await endAllSessions(user.id);
  return signOut(request, "/login");
}
