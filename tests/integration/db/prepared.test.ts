// Statements prepared once per connection (decision 014): reused while the connection lives,
// made afresh for a new one, and lists passed as one JSON parameter.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { closeDb, getDb } from "~/db/connection.server";
import { inList, jsonList, preparedOnce } from "~/db/prepared.server";
import { teams } from "~/db/schema.server";
import { createOrganisation, createTeam } from "../../support/factories";

describe("preparedOnce", () => {
  it("builds a statement once per connection and again after the database is reopened", () => {
    let built = 0;
    const teamName = preparedOnce((db) => {
      built++;
      return db
        .select({ name: teams.name })
        .from(teams)
        .where(eq(teams.id, sql.placeholder("id")))
        .prepare();
    });
    const organisation = createOrganisation();
    const ward = createTeam(organisation.id, "Ward 9");
    expect(teamName().get({ id: ward.id })?.name).toBe("Ward 9");
    expect(teamName().get({ id: "nobody" })).toBeUndefined();
    expect(built).toBe(1);

    closeDb();
    getDb();
    expect(teamName().get({ id: ward.id })?.name).toBe("Ward 9");
    expect(built).toBe(2);
  });
});

describe("inList", () => {
  const namesOf = preparedOnce((db) =>
    db
      .select({ name: teams.name })
      .from(teams)
      .where(inList(teams.id, "ids"))
      .orderBy(teams.name)
      .prepare(),
  );

  it("matches the listed ids, none for an empty list, and ignores duplicates", () => {
    const organisation = createOrganisation();
    const a = createTeam(organisation.id, "Ward A");
    const b = createTeam(organisation.id, "Ward B");
    createTeam(organisation.id, "Ward C");
    expect(namesOf().all({ ids: jsonList([a.id, b.id, a.id]) })).toEqual([
      { name: "Ward A" },
      { name: "Ward B" },
    ]);
    expect(namesOf().all({ ids: jsonList([]) })).toEqual([]);
  });

  it("treats quotes and brackets in an id as data", () => {
    expect(namesOf().all({ ids: jsonList(['x"]) or 1=1 --', "') or ('1'='1"]) })).toEqual([]);
  });
});
