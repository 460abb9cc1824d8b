import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "#app/auth/require.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:access");
  throw redirect("/admin/users");
}
