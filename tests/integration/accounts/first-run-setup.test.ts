import { describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { organisations, users } from "~/db/schema.server";
import { loader as indexLoader } from "~/routes/_index";
import { action as setupAction, loader as setupLoader } from "~/routes/setup";
import { callAction, callLoader, thrownResponse } from "../../support/requests";

const form = {
  organisationName: "Riverside NHS Trust",
  name: "Jo Admin",
  email: "jo.admin@riverside.example",
  password: "teapot harbour violin",
};

describe("first-run setup", () => {
  it("sends the first visitor of an empty database to setup", async () => {
    const response = await thrownResponse(() => callLoader(indexLoader, { path: "/" }));
    expect(response.headers.get("Location")).toBe("/setup");
    expect(await callLoader(setupLoader, { path: "/setup" })).toBeNull();
  });

  it("refuses a weak password and creates nothing", async () => {
    const result = (await callAction(setupAction, {
      path: "/setup",
      form: { ...form, password: "short" },
    })) as {
      errors: { field?: string; message: string }[];
    };
    expect(result.errors).toEqual([{ field: "password", message: "Use at least 12 characters." }]);
    expect(getDb().select().from(organisations).all()).toHaveLength(0);
  });

  it("creates the organisation and its administrator, signs them in, and cannot be replayed", async () => {
    const response = await thrownResponse(() => callAction(setupAction, { path: "/setup", form }));
    expect(response.headers.get("Location")).toBe("/team");
    expect(response.headers.get("Set-Cookie")).toMatch(/^baton_session=/);
    expect(getDb().select().from(users).all()).toMatchObject([
      { email: "jo.admin@riverside.example", isOrgAdmin: true },
    ]);

    const again = await thrownResponse(() =>
      callAction(setupAction, {
        path: "/setup",
        form: { ...form, email: "intruder@evil.example" },
      }),
    );
    expect(again.headers.get("Location")).toBe("/login");
    expect(getDb().select().from(users).all()).toHaveLength(1);
    const page = await thrownResponse(() => callLoader(setupLoader, { path: "/setup" }));
    expect(page.headers.get("Location")).toBe("/login");
  });
});
