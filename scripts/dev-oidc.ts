// `npm run dev:oidc`: a real OpenID Connect provider on this machine, with a few demo people,
// to try single sign-on by hand. Its login page accepts any password; the login is the name
// in the list below. Start Floorboard next to it with the settings it prints.
import { startTestProvider, type ProviderAccount } from "../tests/support/oidc-provider";

const port = Number(process.env.OIDC_DEV_PORT ?? 9400);
const publicUrl = (process.env.PUBLIC_URL ?? "http://localhost:3000").replace(/\/+$/, "");
const clientId = "floorboard-dev";
const clientSecret = "floorboard-dev-secret-not-for-production";

/** Logins (their `sub`) and what the provider says about them; the emails match the demo data. */
export const DEMO_PEOPLE: Record<string, ProviderAccount> = {
  giulia: {
    email: "admin@floorboard.test",
    email_verified: true,
    name: "Giulia Rossi",
    locale: "it",
    groups: ["cc-admins"],
  },
  marco: {
    email: "manager@floorboard.test",
    email_verified: true,
    name: "Marco Bianchi",
    locale: "it",
    groups: ["cc-managers"],
  },
  sara: { email: "agent@floorboard.test", email_verified: true, name: "Sara Esposito", locale: "it", groups: [] },
  nuova: {
    email: "nuova.persona@floorboard.test",
    email_verified: true,
    name: "Nuova Persona",
    locale: "it",
    groups: ["cc-billing"],
  },
  esterno: { email: "consulente@esterno.example", email_verified: true, name: "Consulente Esterno", groups: [] },
  nonverificato: { email: "non.verificato@floorboard.test", email_verified: false, name: "Non Verificato", groups: [] },
};

const provider = await startTestProvider({
  port,
  clients: [
    {
      clientId,
      clientSecret,
      redirectUris: [`${publicUrl}/auth/oidc/callback`],
      postLogoutRedirectUris: [`${publicUrl}/login`],
    },
  ],
  accounts: DEMO_PEOPLE,
});

console.log(`OpenID Connect provider at ${provider.issuer} (discovery: ${provider.issuer}/.well-known/openid-configuration)

Start Floorboard with:

  PUBLIC_URL=${publicUrl} \\
  OIDC_ISSUER=${provider.issuer} \\
  OIDC_CLIENT_ID=${clientId} \\
  OIDC_CLIENT_SECRET=${clientSecret} \\
  OIDC_ALLOWED_DOMAINS=floorboard.test \\
  OIDC_ROLE_CLAIM=groups \\
  OIDC_ROLE_MAP=cc-managers=manager,cc-admins=admin \\
  OIDC_TEAM_MAP=cc-billing=Fatturazione \\
  npm run dev

then open ${publicUrl}/login and choose "Accedi con l'account aziendale". Logins (any password):
${Object.entries(DEMO_PEOPLE)
  .map(
    ([login, person]) =>
      `  ${login.padEnd(14)} ${person.email}${person.email_verified ? "" : " (email not verified)"}  groups: ${person.groups?.join(", ") || "—"}`,
  )
  .join("\n")}

Ctrl-C stops it.`);

const stop = () => {
  void provider.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
