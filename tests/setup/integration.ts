import { beforeAll, beforeEach } from "vitest";
import { setDatabaseHandle } from "#db/client.server";
import { getTestDatabase, truncateAll } from "./test-database";

beforeAll(async () => {
  setDatabaseHandle(await getTestDatabase());
});

beforeEach(async () => {
  await truncateAll(await getTestDatabase());
});
