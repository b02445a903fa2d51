import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { auditEvents, shiftTypes } from "~/db/schema.server";
import {
  action as listAction,
  loader as listLoader,
} from "~/routes/_app.team.$teamId.shift-types._index";
import {
  action as editAction,
  loader as editLoader,
} from "~/routes/_app.team.$teamId.shift-types.$shiftTypeId";
import {
  action as newAction,
  loader as newLoader,
} from "~/routes/_app.team.$teamId.shift-types.new";
import { createTwoWardTrust, signInAs } from "../../support/factories";
import { callAction, callLoader, thrownResponse } from "../../support/requests";

let trust: Awaited<ReturnType<typeof createTwoWardTrust>>;
let cookies: Record<"manager7" | "staff7" | "manager12" | "admin", string>;

const early = {
  code: "E",
  name: "Early",
  startLocal: "07:30",
  endLocal: "15:30",
  paidBreakMinutes: "30",
  colour: "blue",
  requirements: "2 x Band 5 RN, 1 x HCA",
};

beforeAll(async () => {
  trust = await createTwoWardTrust();
  cookies = {
    manager7: signInAs(trust.manager7.id).cookie,
    staff7: signInAs(trust.staff7.id).cookie,
    manager12: signInAs(trust.manager12.id).cookie,
    admin: signInAs(trust.admin.id).cookie,
  };
});

const ward7 = () => ({
  path: `/team/${trust.ward7.id}/shift-types/new`,
  params: { teamId: trust.ward7.id },
});

async function create(form: Record<string, string>, cookie = cookies.manager7) {
  return callAction(newAction, { ...ward7(), cookie, form }).catch((e) => e);
}

describe("shift types", () => {
  it("lets the ward's manager add one, and audits it", async () => {
    const response = (await create(early)) as Response;
    expect(response.headers.get("Location")).toBe(`/team/${trust.ward7.id}/shift-types`);
    const row = getDb()
      .select()
      .from(shiftTypes)
      .where(eq(shiftTypes.teamId, trust.ward7.id))
      .get();
    expect(row).toMatchObject({
      code: "E",
      paidBreakMinutes: 30,
      requirements: [
        { count: 2, qualification: "Band 5 RN" },
        { count: 1, qualification: "HCA" },
      ],
    });
    const last = getDb().select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get();
    expect(last).toMatchObject({
      action: "shift_type.created",
      targetId: row?.id,
      actorUserId: trust.manager7.id,
    });
  });

  it("shows the team's shift types to its staff, but not the add page", async () => {
    const data = (await callLoader(listLoader, {
      path: "/x",
      params: { teamId: trust.ward7.id },
      cookie: cookies.staff7,
    })) as {
      shiftTypes: { code: string; requirements: string }[];
      team: { canManage: boolean };
    };
    expect(data.shiftTypes.map((t) => t.code)).toContain("E");
    expect(data.team.canManage).toBe(false);
    expect(
      (await thrownResponse(() => callLoader(newLoader, { ...ward7(), cookie: cookies.staff7 })))
        .status,
    ).toBe(404);
    expect(((await create({ ...early, code: "X" }, cookies.staff7)) as Response).status).toBe(404);
  });

  it("answers another ward's manager with 404 and changes nothing", async () => {
    expect(
      (
        await thrownResponse(() =>
          callLoader(listLoader, {
            path: "/x",
            params: { teamId: trust.ward7.id },
            cookie: cookies.manager12,
          }),
        )
      ).status,
    ).toBe(404);
    const row = getDb()
      .select()
      .from(shiftTypes)
      .where(eq(shiftTypes.teamId, trust.ward7.id))
      .get()!;
    const edit = await thrownResponse(() =>
      callAction(editAction, {
        path: "/x",
        params: { teamId: trust.ward7.id, shiftTypeId: row.id },
        cookie: cookies.manager12,
        form: { ...early, name: "Hijacked" },
      }),
    );
    expect(edit.status).toBe(404);
    // Its own ward's address with the other ward's shift type id is no way round.
    const sideways = await thrownResponse(() =>
      callLoader(editLoader, {
        path: "/x",
        params: { teamId: trust.ward12.id, shiftTypeId: row.id },
        cookie: cookies.manager12,
      }),
    );
    expect(sideways.status).toBe(404);
    expect(getDb().select().from(shiftTypes).where(eq(shiftTypes.id, row.id)).get()?.name).toBe(
      "Early",
    );
  });

  it("refuses a code the team already uses, and shows every problem with a bad form", async () => {
    expect((await create(early)) as { errors: { field?: string; message: string }[] }).toEqual({
      errors: [
        {
          field: "code",
          message: "The code E is already used by another shift type in this team.",
        },
      ],
    });
    const bad = (await create({ ...early, code: "", startLocal: "", paidBreakMinutes: "ten" })) as {
      errors: { field?: string }[];
    };
    expect(bad.errors.map((e) => e.field)).toEqual(["code", "startLocal", "paidBreakMinutes"]);
  });

  it("lets another ward use the same code", async () => {
    const response = (await callAction(newAction, {
      path: "/x",
      params: { teamId: trust.ward12.id },
      cookie: cookies.manager12,
      form: early,
    }).catch((e) => e)) as Response;
    expect(response.status).toBe(302);
  });

  it("edits, archives and restores a shift type", async () => {
    const row = getDb()
      .select()
      .from(shiftTypes)
      .where(eq(shiftTypes.teamId, trust.ward7.id))
      .get()!;
    const params = { teamId: trust.ward7.id, shiftTypeId: row.id };
    await thrownResponse(() =>
      callAction(editAction, {
        path: "/x",
        params,
        cookie: cookies.manager7,
        form: { ...early, endLocal: "16:00" },
      }),
    );
    expect(getDb().select().from(shiftTypes).where(eq(shiftTypes.id, row.id)).get()?.endLocal).toBe(
      "16:00",
    );
    const listParams = { path: "/x", params: { teamId: trust.ward7.id }, cookie: cookies.manager7 };
    await thrownResponse(() =>
      callAction(listAction, { ...listParams, form: { intent: "archive", shiftTypeId: row.id } }),
    );
    expect(
      getDb().select().from(shiftTypes).where(eq(shiftTypes.id, row.id)).get()?.archivedAt,
    ).toBeInstanceOf(Date);
    expect(((await create(early)) as { errors: { message: string }[] }).errors[0]?.message).toMatch(
      /archived shift type already uses the code E/,
    );
    await thrownResponse(() =>
      callAction(listAction, { ...listParams, form: { intent: "restore", shiftTypeId: row.id } }),
    );
    expect(
      getDb().select().from(shiftTypes).where(eq(shiftTypes.id, row.id)).get()?.archivedAt,
    ).toBeNull();
  });
});
