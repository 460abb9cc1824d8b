import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson } from "#app/api/responses.server";
import { apiEndpoint } from "#app/api/route.server";
import { requireApiUser } from "#app/auth/require-api.server";

/** Who the caller acts as. Any valid key may ask, whatever its scopes, to check its set-up. */
async function whoAmI({ request }: LoaderFunctionArgs) {
  const user = await requireApiUser(request, null);
  return apiJson({ id: user.id, name: user.name, email: user.email, role: user.role, locale: user.locale }, { user });
}

const endpoint = apiEndpoint({ GET: whoAmI });
export const loader = endpoint.loader;
export const action = endpoint.action;
