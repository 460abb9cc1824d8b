import { z } from "zod";
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "#app/auth/require.server";
import { getOidcSettings } from "#app/auth/oidc.server";
import { endAllSessions, signOut } from "#app/auth/session.server";
import { readForm } from "#app/utils/http.server";
import { formErrorBody } from "#app/utils/forms";

const LogoutSchema = z.object({ scope: z.enum(["this", "everywhere"]).default("this") });

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = LogoutSchema.safeParse(Object.fromEntries(await readForm(request)));
  // A real Response: Remix sends a resource route's data() as a 200, whatever its status.
  if (!parsed.success) return Response.json(formErrorBody("logout", "validation:choiceInvalid"), { status: 400 });
  const { scope } = parsed.data;
  if (scope === "everywhere") await endAllSessions(user.id);
  // With single sign-on, the sign-in page then offers to sign out of the company account too.
  return signOut(request, getOidcSettings() ? "/login?signedOut=1" : "/login");
}
