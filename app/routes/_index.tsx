import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { getOptionalUser } from "#app/auth/require.server";
import { needsSetup } from "#app/services/setup.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await needsSetup(getDb())) throw redirect("/setup");
  const user = await getOptionalUser(request);
  throw redirect(user ? "/board" : "/login");
}
