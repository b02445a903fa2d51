// The Swaps screens through their real loaders and actions, with real sessions and SQLite: the
// Swaps page, a request's page, "Swap or give away", an open shift's claimants, posting an open
// shift, a gap made open, a shift given back as open, and the team's swap settings. Each checks
// who may see and do what, per object, and that a refusal is a 4xx that changes nothing.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { openShifts, shifts, shiftTypes, swapRequests, teamSwapSettings } from "~/db/schema.server";
import { addDays, localDateKey } from "~/models/local-time";
import { claimOpenShift, GONE_MESSAGE } from "~/models/swaps/open-shifts.server";
import { requestSwap } from "~/models/swaps/swap-requests.server";
import * as shiftsPage from "~/routes/_app.shifts";
import * as swapsPage from "~/routes/_app.swaps._index";
import * as requestPage from "~/routes/_app.swaps.$requestId";
import * as newRequestPage from "~/routes/_app.swaps.new.$teamId.$shiftId";
import * as openShiftPage from "~/routes/_app.swaps.open.$openShiftId";
import * as postOpenPage from "~/routes/_app.team.$teamId.open-shifts.new";
import * as periodPage from "~/routes/_app.team.$teamId.rota.$periodId._index";
import * as shiftPage from "~/routes/_app.team.$teamId.shifts.$shiftId";
import * as settingsPage from "~/routes/_app.team.$teamId.swap-settings";
import { SWAP_DONE } from "~/web/swap-actions.server";
import { actorFor, signInAs } from "../../support/factories";
import { callAction, callLoader, thrownResponse, toastOf } from "../../support/requests";
import { createWard, type Ward } from "../../support/ward";

const TODAY = localDateKey(Date.now(), "Europe/London");
const D = (n: number) => addDays(TODAY, 14 + n);

let w: Ward;
let rota: { periodId: string; shiftIds: string[] };
type Person = { id: string };
const cookieOf = (p: Person) => signInAs(p.id).cookie;
const managerCookie = () => cookieOf(w.trust.manager7);

/** An action's answer as status and data, whether it returned `data(...)` or a plain object. */
async function answerOf(run: () => Promise<unknown>) {
  let result: unknown;
  try {
    result = await run();
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: null, response: thrown };
    throw thrown;
  }
  const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } };
  if (wrapped && wrapped.type === "DataWithResponseInit")
    return { status: wrapped.init?.status ?? 200, data: wrapped.data as Any, response: null };
  return { status: 200, data: result as Any, response: null };
}
// biome-ignore lint/suspicious/noExplicitAny: answers of several actions, read field by field
type Any = any;

const post = (
  page: { action: Parameters<typeof callAction>[0] },
  path: string,
  params: Record<string, string>,
  person: Person,
  form: Record<string, string>,
) => answerOf(() => callAction(page.action, { path, params, form, cookie: cookieOf(person) }));
/** Where a change sent the browser and what its toast says: pages redirect after every change. */
const doneOf = (answer: { status: number; response: Response | null }) =>
  answer.status === 302
    ? `${answer.response?.headers.get("Location")} ${toastOf(answer.response!)?.message}`
    : `status ${answer.status}`;
const onSwaps = (person: Person, form: Record<string, string>) =>
  post(swapsPage, "/swaps", {}, person, form);
const onRequest = (person: Person, requestId: string, form: Record<string, string>) =>
  post(requestPage, `/swaps/${requestId}`, { requestId }, person, form);
const swapsOf = async (person: Person) =>
  (await callLoader(swapsPage.loader, { path: "/swaps", cookie: cookieOf(person) })) as Awaited<
    ReturnType<typeof swapsPage.loader>
  >;
const requestRow = (id: string) =>
  getDb().select().from(swapRequests).where(eq(swapRequests.id, id)).get()!;
const requestsOfWard = () =>
  getDb().select().from(swapRequests).where(eq(swapRequests.teamId, w.ward)).all();
const holderOf = (shiftId: string) =>
  getDb().select().from(shifts).where(eq(shifts.id, shiftId)).get()!.userId;

beforeEach(async () => {
  w = await createWard();
  rota = w.rota(D(0), D(6), [
    { userId: w.nia.id, type: w.types.E, date: D(0) },
    { userId: w.omar.id, type: w.types.E, date: D(2) },
    { userId: w.pat.id, type: w.types.N, date: D(1) },
  ]);
});
const niaShift = () => rota.shiftIds[0]!;
const omarShift = () => rota.shiftIds[1]!;
const swapNiaOmar = () =>
  requestSwap({
    actor: actorFor(w.nia.id),
    teamId: w.ward,
    shiftId: niaShift(),
    colleagueShiftId: omarShift(),
  }).requestId;

describe("Swap or give away", () => {
  const path = () => `/swaps/new/${w.ward}/${niaShift()}`;
  const params = () => ({ teamId: w.ward, shiftId: niaShift() });

  it("offers only eligible colleagues' shifts and colleagues, previews, then sends", async () => {
    const choices = (await callLoader(newRequestPage.loader, {
      path: path(),
      params: params(),
      cookie: cookieOf(w.nia),
    })) as Awaited<ReturnType<typeof newRequestPage.loader>>;
    expect(choices.swapFor.map((s) => s.shiftId)).toContain(omarShift());
    expect(choices.swapFor.map((s) => s.name)).not.toContain("Nia Nurse");
    expect(choices.takers.map((t) => t.name)).toContain("Omar Nurse");

    const preview = await post(newRequestPage, path(), params(), w.nia, {
      intent: "preview",
      mode: "swap",
      colleagueShiftId: omarShift(),
    });
    expect(preview.status).toBe(200);
    expect(preview.data.preview.check.people.map((p: { name: string }) => p.name).sort()).toEqual([
      "Nia Nurse",
      "Omar Nurse",
    ]);
    expect(preview.data.preview.check.cover).toHaveLength(2);
    expect(requestsOfWard()).toHaveLength(0);

    const sent = await post(newRequestPage, path(), params(), w.nia, {
      intent: "send",
      mode: "swap",
      colleagueShiftId: omarShift(),
    });
    expect(sent.status).toBe(302);
    const [made] = requestsOfWard();
    expect(sent.response?.headers.get("Location")).toBe(`/swaps/${made!.id}?sent=1`);
    expect(made).toMatchObject({ kind: "swap", state: "awaiting-colleague" });
  });

  it("refuses to preview a give-away to anyone not on the list with a 400 naming nobody", async () => {
    for (const toUserId of [w.outsider.id, w.trust.staff12.id]) {
      const answer = await post(newRequestPage, path(), params(), w.nia, {
        intent: "preview",
        mode: "give",
        toUserId,
      });
      expect(answer.status).toBe(400);
      expect(answer.data.preview).toBeNull();
      expect(answer.data.errors).toEqual([
        { field: "toUserId", message: "Choose a colleague from the list." },
      ]);
      expect(JSON.stringify(answer.data)).not.toMatch(/Out Sider|Stu Other/);
    }
    expect(requestsOfWard()).toHaveLength(0);
  });

  it("refuses a swap with no shift chosen with a 400 and sends nothing", async () => {
    const answer = await post(newRequestPage, path(), params(), w.nia, {
      intent: "send",
      mode: "swap",
    });
    expect(answer.status).toBe(400);
    expect(answer.data.errors[0].field).toBe("colleagueShiftId");
    expect(requestsOfWard()).toHaveLength(0);
  });

  it("answers 404 for someone else's shift, in the same ward or another", async () => {
    for (const person of [w.omar, w.trust.staff12, w.trust.manager7]) {
      const response = await thrownResponse(() =>
        callLoader(newRequestPage.loader, {
          path: path(),
          params: params(),
          cookie: cookieOf(person),
        }),
      );
      expect(response.status).toBe(404);
    }
    const sent = await post(newRequestPage, path(), params(), w.omar, {
      intent: "send",
      mode: "anyone",
    });
    expect(sent.status).toBe(404);
    expect(requestsOfWard()).toHaveLength(0);
  });

  it("gives a shift to anyone eligible after a preview that counts them", async () => {
    const preview = await post(newRequestPage, path(), params(), w.nia, {
      intent: "preview",
      mode: "anyone",
    });
    expect(preview.data.preview).toMatchObject({ kind: "anyone", check: null });
    expect(preview.data.preview.takerCount).toBeGreaterThan(0);
    const sent = await post(newRequestPage, path(), params(), w.nia, {
      intent: "send",
      mode: "anyone",
    });
    expect(sent.status).toBe(302);
    const offers = (await swapsOf(w.pat)).offers;
    expect(offers.map((o) => o.gives)).toEqual([expect.stringContaining("(E)")]);
  });
});

describe("a swap from the Swaps pages to the rota", () => {
  it("is shown to the colleague with its preview, accepted, and approved from the queue", async () => {
    const id = swapNiaOmar();
    expect((await swapsOf(w.omar)).offers.map((o) => o.id)).toEqual([id]);
    const page = (await callLoader(requestPage.loader, {
      path: `/swaps/${id}`,
      params: { requestId: id },
      cookie: cookieOf(w.omar),
    })) as Awaited<ReturnType<typeof requestPage.loader>>;
    expect(page.can).toMatchObject({ accept: true, decline: true, cancel: false, decide: false });
    expect(page.check?.people).toHaveLength(2);

    const accepted = await onRequest(w.omar, id, { intent: "accept" });
    expect(doneOf(accepted)).toBe(`/swaps/${id} ${SWAP_DONE.accepted}`);
    const queue = (await swapsOf(w.trust.manager7)).queues[0]!;
    expect(queue.waiting.map((q) => q.request.id)).toEqual([id]);
    expect(queue.waiting[0]!.check?.cover).toHaveLength(2);

    const approved = await onSwaps(w.trust.manager7, { intent: "approve", requestId: id });
    expect(doneOf(approved)).toBe(`/swaps ${SWAP_DONE.approved}`);
    expect(holderOf(niaShift())).toBe(w.omar.id);
    expect(holderOf(omarShift())).toBe(w.nia.id);
    expect((await swapsOf(w.nia)).mine[0]).toMatchObject({ id, stateLabel: "Approved" });
  });

  it("answers 404 to someone not in the request, in the ward or another", async () => {
    const id = swapNiaOmar();
    for (const person of [w.pat, w.trust.staff12, w.trust.manager12]) {
      const response = await thrownResponse(() =>
        callLoader(requestPage.loader, {
          path: `/swaps/${id}`,
          params: { requestId: id },
          cookie: cookieOf(person),
        }),
      );
      expect(response.status).toBe(404);
      expect((await onRequest(person, id, { intent: "accept" })).status).toBe(404);
    }
    expect(requestRow(id).state).toBe("awaiting-colleague");
  });

  it("does not let a staff member approve, and changes nothing", async () => {
    const id = swapNiaOmar();
    await onRequest(w.omar, id, { intent: "accept" });
    for (const person of [w.omar, w.nia]) {
      const answer = await onSwaps(person, { intent: "approve", requestId: id });
      expect(answer.status).toBe(404);
    }
    expect(requestRow(id).state).toBe("awaiting-manager");
    expect(holderOf(niaShift())).toBe(w.nia.id);
  });

  it("refuses approving before the colleague accepts with a 409", async () => {
    const id = swapNiaOmar();
    const answer = await onSwaps(w.trust.manager7, { intent: "approve", requestId: id });
    expect(answer.status).toBe(409);
    expect(answer.data.errors[0].message).toMatch(/not accepted/);
    expect(requestRow(id).state).toBe("awaiting-colleague");
  });

  it("needs a reason to decline, and tells both people the one given", async () => {
    const id = swapNiaOmar();
    await onRequest(w.omar, id, { intent: "accept" });
    const empty = await onRequest(w.trust.manager7, id, { intent: "refuse", reason: "  " });
    expect(empty.status).toBe(400);
    expect(empty.data.errors[0]).toMatchObject({ field: "reason" });
    expect(requestRow(id).state).toBe("awaiting-manager");
    const declined = await onRequest(w.trust.manager7, id, {
      intent: "refuse",
      reason: "We need Omar on the early that day.",
    });
    expect(doneOf(declined)).toBe(`/swaps/${id} ${SWAP_DONE.refused}`);
    expect(requestRow(id)).toMatchObject({
      state: "manager-declined",
      reason: "We need Omar on the early that day.",
    });
  });

  it("asks before cancelling, then cancels", async () => {
    const id = swapNiaOmar();
    const asked = await onRequest(w.nia, id, { intent: "cancel" });
    expect(asked.data.confirmCancel).toBe(id);
    expect(requestRow(id).state).toBe("awaiting-colleague");
    const cancelled = await onRequest(w.nia, id, { intent: "cancel", confirmed: "yes" });
    expect(doneOf(cancelled)).toBe(`/swaps/${id} ${SWAP_DONE.cancelled}`);
    expect(requestRow(id).state).toBe("cancelled");
  });

  it("acts only on the page's own request, whatever the form names", async () => {
    const id = swapNiaOmar();
    const other = requestSwap({
      actor: actorFor(w.pat.id),
      teamId: w.ward,
      shiftId: rota.shiftIds[2]!,
      colleagueShiftId: omarShift(),
    }).requestId;
    await onRequest(w.omar, id, { intent: "decline", requestId: other });
    expect(requestRow(id).state).toBe("colleague-declined");
    expect(requestRow(other).state).toBe("awaiting-colleague");
  });

  it("answers a form it cannot read with a 400", async () => {
    const answer = await onSwaps(w.nia, { intent: "teleport" });
    expect(answer.status).toBe(400);
  });
});

describe("open shifts", () => {
  const postPath = () => `/team/${w.ward}/open-shifts/new`;
  const postOpen = (person: Person, form: Record<string, string>) =>
    post(postOpenPage, postPath(), { teamId: w.ward }, person, form);
  const openOnly = () =>
    getDb().select().from(openShifts).where(eq(openShifts.teamId, w.ward)).all();

  it("are posted after the manager is asked, shown to eligible staff, and claimed once", async () => {
    const form = { shiftTypeId: w.types.N, date: D(4), requiredGrade: "" };
    const asked = await postOpen(w.trust.manager7, { ...form, intent: "check" });
    expect(asked.data.confirm.label).toMatch(/Night|N/);
    expect(openOnly()).toHaveLength(0);
    const posted = await postOpen(w.trust.manager7, { ...form, intent: "post" });
    expect(posted.response?.headers.get("Location")).toBe("/swaps");
    const [open] = openOnly();

    const shiftsData = (await callLoader(shiftsPage.loader, {
      path: "/shifts",
      cookie: cookieOf(w.nia),
    })) as Awaited<ReturnType<typeof shiftsPage.loader>>;
    expect(shiftsData.openShifts.map((o) => o.id)).toEqual([open!.id]);

    const claimed = await onSwaps(w.nia, { intent: "claim", openShiftId: open!.id });
    expect(doneOf(claimed)).toBe(`/swaps ${SWAP_DONE.claimed}`);
    const late = await onSwaps(w.omar, { intent: "claim", openShiftId: open!.id });
    expect(late.status).toBe(409);
    expect(late.data.errors[0].message).toBe(GONE_MESSAGE);
    expect(
      getDb()
        .select()
        .from(shifts)
        .all()
        .filter((s) => s.date === D(4) && !s.removedAt)
        .map((s) => s.userId),
    ).toEqual([w.nia.id]);
  });

  it("cannot be posted by staff or another ward, and a staff member of another ward cannot claim one", async () => {
    for (const person of [w.nia, w.trust.manager12]) {
      const response = await thrownResponse(() =>
        callLoader(postOpenPage.loader, {
          path: postPath(),
          params: { teamId: w.ward },
          cookie: cookieOf(person),
        }),
      );
      expect(response.status).toBe(404);
      const answer = await postOpen(person, {
        intent: "post",
        shiftTypeId: w.types.N,
        date: D(4),
      });
      expect(answer.status).toBe(404);
    }
    expect(openOnly()).toHaveLength(0);
    await postOpen(w.trust.manager7, { intent: "post", shiftTypeId: w.types.N, date: D(4) });
    const answer = await onSwaps(w.trust.staff12, {
      intent: "claim",
      openShiftId: openOnly()[0]!.id,
    });
    expect(answer.status).toBe(404);
    expect(openOnly()[0]!.state).toBe("open");
  });

  it("refuses a date off the published rota with a 400 beside the date", async () => {
    const answer = await postOpen(w.trust.manager7, {
      intent: "post",
      shiftTypeId: w.types.N,
      date: addDays(TODAY, 200),
    });
    expect(answer.status).toBe(400);
    expect(answer.data.errors[0].field).toBe("date");
    expect(openOnly()).toHaveLength(0);
  });

  it("wait for the manager to choose when the team says so, showing each claimant's hours", async () => {
    const saved = await post(
      settingsPage,
      `/team/${w.ward}/swap-settings`,
      { teamId: w.ward },
      w.trust.manager7,
      {
        gradeOrder: "Band 5\nBand 6",
        claimsWaitForManager: "yes",
        cutoffMinutes: "120",
      },
    );
    expect(saved.data.saved).toBe(true);
    await postOpen(w.trust.manager7, { intent: "post", shiftTypeId: w.types.N, date: D(4) });
    const openId = openOnly()[0]!.id;
    for (const person of [w.nia, w.omar])
      expect(doneOf(await onSwaps(person, { intent: "claim", openShiftId: openId }))).toBe(
        `/swaps ${SWAP_DONE["claim-waiting"]}`,
      );
    const page = (await callLoader(openShiftPage.loader, {
      path: `/swaps/open/${openId}`,
      params: { openShiftId: openId },
      cookie: managerCookie(),
    })) as Awaited<ReturnType<typeof openShiftPage.loader>>;
    expect(page.claimants.map((c) => [c.name, c.hoursThisWeek])).toEqual([
      ["Nia Nurse", 8],
      ["Omar Nurse", 8],
    ]);
    const staff = await thrownResponse(() =>
      callLoader(openShiftPage.loader, {
        path: `/swaps/open/${openId}`,
        params: { openShiftId: openId },
        cookie: cookieOf(w.nia),
      }),
    );
    expect(staff.status).toBe(404);
    const omarClaim = page.claimants[1]!.requestId;
    const picked = await post(
      openShiftPage,
      `/swaps/open/${openId}`,
      { openShiftId: openId },
      w.trust.manager7,
      {
        intent: "pick",
        requestId: omarClaim,
      },
    );
    expect(picked.response?.headers.get("Location")).toBe("/swaps");
    expect(openOnly()[0]).toMatchObject({ state: "filled", filledByUserId: w.omar.id });
    expect(requestRow(page.claimants[0]!.requestId).state).toBe("manager-declined");
  });

  it("are withdrawn only after the manager is asked", async () => {
    await postOpen(w.trust.manager7, { intent: "post", shiftTypeId: w.types.N, date: D(4) });
    const openId = openOnly()[0]!.id;
    const path = `/swaps/open/${openId}`;
    const asked = await post(openShiftPage, path, { openShiftId: openId }, w.trust.manager7, {
      intent: "withdraw",
    });
    expect(asked.data.confirmWithdraw).toBe(true);
    expect(openOnly()[0]!.state).toBe("open");
    const staff = await post(openShiftPage, path, { openShiftId: openId }, w.nia, {
      intent: "withdraw",
      confirmed: "yes",
    });
    expect(staff.status).toBe(404);
    await post(openShiftPage, path, { openShiftId: openId }, w.trust.manager7, {
      intent: "withdraw",
      confirmed: "yes",
    });
    expect(openOnly()[0]!.state).toBe("withdrawn");
    // Its page says so, and offers neither claims nor withdrawing again.
    const page = (await callLoader(openShiftPage.loader, {
      path,
      params: { openShiftId: openId },
      cookie: managerCookie(),
    })) as Awaited<ReturnType<typeof openShiftPage.loader>>;
    expect(page.status).toMatch(/^Withdrawn, \w{3} \d{1,2} \w{3} at \d{2}:\d{2}\.$/);
    expect(page.claimants).toEqual([]);
  });

  it("show who filled them on their page", async () => {
    await postOpen(w.trust.manager7, { intent: "post", shiftTypeId: w.types.N, date: D(4) });
    const openId = openOnly()[0]!.id;
    const pageOf = async () =>
      (await callLoader(openShiftPage.loader, {
        path: `/swaps/open/${openId}`,
        params: { openShiftId: openId },
        cookie: managerCookie(),
      })) as Awaited<ReturnType<typeof openShiftPage.loader>>;
    expect((await pageOf()).status).toBeNull();
    claimOpenShift({ actor: actorFor(w.omar.id), openShiftId: openId });
    expect((await pageOf()).status).toMatch(/^Filled by Omar [^,]+, \w{3} \d{1,2} \w{3} at/);
  });

  it("are made from a coverage gap in the review after the manager is asked", async () => {
    getDb()
      .update(shiftTypes)
      .set({ requirements: [{ count: 2, qualification: "Band 5 RN" }] })
      .where(eq(shiftTypes.id, w.types.E))
      .run();
    const path = `/team/${w.ward}/rota/${rota.periodId}`;
    const params = { teamId: w.ward, periodId: rota.periodId };
    const review = (await callLoader(periodPage.loader, {
      path,
      params,
      cookie: managerCookie(),
    })) as Awaited<ReturnType<typeof periodPage.loader>>;
    const gap = review.gapWeeks.flatMap((wk) => wk.days).find((d) => d.date === D(0))!.gaps[0]!;
    expect(gap.short).toEqual(["Band 5 RN"]);
    const form = {
      intent: "open-from-gap",
      shiftTypeId: w.types.E,
      date: D(0),
      qualification: "Band 5 RN",
    };
    const staff = await post(periodPage, path, params, w.nia, { ...form, confirmed: "yes" });
    expect(staff.status).toBe(404);
    expect(openOnly()).toHaveLength(0);
    // The first tap only asks: it tells everyone eligible, so nothing is posted yet.
    const asked = await post(periodPage, path, params, w.trust.manager7, form);
    expect(asked.data.confirm).toEqual({
      intent: "open-from-gap",
      fields: { shiftTypeId: w.types.E, date: D(0), qualification: "Band 5 RN" },
    });
    expect(openOnly()).toHaveLength(0);
    const made = await post(periodPage, path, params, w.trust.manager7, {
      ...form,
      confirmed: "yes",
    });
    expect(made.response?.headers.get("Location")).toBe(path);
    expect(toastOf(made.response!)?.message).toMatch(/Open shift posted for Band 5 RN/);
    expect(openOnly()[0]).toMatchObject({ date: D(0), requiredGrade: "Band 5 RN", state: "open" });
  });

  it("are made by giving a shift back, after the manager is asked", async () => {
    const path = `/team/${w.ward}/shifts/${niaShift()}`;
    const params = { teamId: w.ward, shiftId: niaShift() };
    const asked = await post(shiftPage, path, params, w.trust.manager7, { intent: "give-back" });
    expect(asked.data.confirm).toEqual({ intent: "give-back", fields: {} });
    expect(openOnly()).toHaveLength(0);
    const staff = await post(shiftPage, path, params, w.nia, {
      intent: "give-back",
      confirmed: "yes",
    });
    expect(staff.status).toBe(404);
    const given = await post(shiftPage, path, params, w.trust.manager7, {
      intent: "give-back",
      confirmed: "yes",
    });
    expect(given.response?.headers.get("Location")).toBe("/swaps");
    expect(
      getDb().select().from(shifts).where(eq(shifts.id, niaShift())).get()!.removedAt,
    ).not.toBeNull();
    expect(openOnly()[0]).toMatchObject({ fromShiftId: niaShift(), state: "open" });
  });

  it("given back may need a grade, and a grade too long is refused with nothing changed", async () => {
    const path = `/team/${w.ward}/shifts/${niaShift()}`;
    const params = { teamId: w.ward, shiftId: niaShift() };
    const tooLong = await post(shiftPage, path, params, w.trust.manager7, {
      intent: "give-back",
      confirmed: "yes",
      requiredGrade: "B".repeat(500),
    });
    expect(tooLong.data.errors[0].field).toBe("requiredGrade");
    expect(tooLong.data.confirm).toBeTruthy();
    expect(openOnly()).toHaveLength(0);
    expect(
      getDb().select().from(shifts).where(eq(shifts.id, niaShift())).get()!.removedAt,
    ).toBeNull();
    await post(shiftPage, path, params, w.trust.manager7, {
      intent: "give-back",
      confirmed: "yes",
      requiredGrade: " Band 6 RN ",
    });
    expect(openOnly()[0]).toMatchObject({ requiredGrade: "Band 6 RN", state: "open" });
  });
});

describe("swap settings", () => {
  const path = () => `/team/${w.ward}/swap-settings`;
  const save = (person: Person, form: Record<string, string>) =>
    post(settingsPage, path(), { teamId: w.ward }, person, form);

  it("are the managers' alone", async () => {
    for (const person of [w.nia, w.trust.manager12]) {
      const response = await thrownResponse(() =>
        callLoader(settingsPage.loader, {
          path: path(),
          params: { teamId: w.ward },
          cookie: cookieOf(person),
        }),
      );
      expect(response.status).toBe(404);
      expect((await save(person, { cutoffMinutes: "60" })).status).toBe(404);
    }
    expect(
      getDb().select().from(teamSwapSettings).where(eq(teamSwapSettings.teamId, w.ward)).all(),
    ).toHaveLength(0);
  });

  it("refuse a bad cut-off or a grade twice with a 400 and save nothing", async () => {
    const negative = await save(w.trust.manager7, { cutoffMinutes: "-5", gradeOrder: "" });
    expect(negative.status).toBe(400);
    expect(negative.data.errors[0].field).toBe("cutoffMinutes");
    const twice = await save(w.trust.manager7, {
      cutoffMinutes: "60",
      gradeOrder: "Band 5\nband 5",
    });
    expect(twice.status).toBe(400);
    expect(twice.data.errors[0].field).toBe("gradeOrder");
    expect(
      getDb().select().from(teamSwapSettings).where(eq(teamSwapSettings.teamId, w.ward)).all(),
    ).toHaveLength(0);
  });

  it("need a cut-off typed in: a blank one is refused, not saved as 0", async () => {
    const blank = await save(w.trust.manager7, { cutoffMinutes: "", gradeOrder: "" });
    expect(blank.status).toBe(400);
    expect(blank.data.errors[0]).toMatchObject({
      field: "cutoffMinutes",
      message: "Enter the cut-off in minutes: 0 keeps requests open until the shift starts.",
    });
    const missing = await save(w.trust.manager7, { gradeOrder: "" });
    expect(missing.status).toBe(400);
    expect(missing.data.errors[0].field).toBe("cutoffMinutes");
    expect(
      getDb().select().from(teamSwapSettings).where(eq(teamSwapSettings.teamId, w.ward)).all(),
    ).toHaveLength(0);
    const zero = await save(w.trust.manager7, { cutoffMinutes: "0", gradeOrder: "" });
    expect(zero.status).toBe(200);
    expect(
      getDb().select().from(teamSwapSettings).where(eq(teamSwapSettings.teamId, w.ward)).get()
        ?.cutoffMinutes,
    ).toBe(0);
  });

  it("save every setting at once and show them again", async () => {
    await save(w.trust.manager7, {
      gradeOrder: "Band 5\n\nBand 6\n",
      higherGradeCovers: "yes",
      autoApprove: "yes",
      cutoffMinutes: "90",
    });
    const page = (await callLoader(settingsPage.loader, {
      path: path(),
      params: { teamId: w.ward },
      cookie: managerCookie(),
    })) as Awaited<ReturnType<typeof settingsPage.loader>>;
    expect(page.settings).toEqual({
      gradeOrder: ["Band 5", "Band 6"],
      higherGradeCovers: true,
      autoApprove: true,
      claimsWaitForManager: false,
      cutoffMinutes: 90,
    });
  });
});
