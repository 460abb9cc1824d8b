import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, methodNotAllowed } from "#app/api/responses.server";
import { apiRoute } from "#app/api/route.server";
import { requireApiUser } from "#app/auth/require-api.server";

/** Who the caller acts as. Any valid key may ask, whatever its scopes, to check its set-up. */
export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireApiUser(request, null);
  return apiJson({ id: user.id, name: user.name, email: user.email, role: user.role, locale: user.locale }, { user });
});

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => methodNotAllowed(request, ["GET"]));
