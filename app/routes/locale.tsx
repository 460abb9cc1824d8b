import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { getOptionalUser } from "#app/auth/require.server";
import { localeCookie } from "#app/i18n/i18n.server";
import { ChangeLocaleSchema } from "#app/schemas/account";
import { updateProfile } from "#app/services/users.server";
import { readForm, safeRedirect } from "#app/utils/http.server";

export async function loader() {
  return redirect("/");
}

/** Saves the choice for the signed-in person and in a cookie for everyone. */
export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: ChangeLocaleSchema });
  // A real Response: Remix sends a resource route's data() as a 200, whatever its status.
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  const { locale, redirectTo } = submission.value;
  const user = await getOptionalUser(request);
  if (user) await updateProfile(getDb(), user.id, { locale });
  return redirect(safeRedirect(redirectTo, "/"), {
    headers: { "Set-Cookie": await localeCookie.serialize(locale) },
  });
}
