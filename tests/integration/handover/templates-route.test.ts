// The handover templates page refuses a bad form with a 400 and its message, and changes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { handoverTemplates, teams } from "~/db/schema.server";
import { action } from "~/routes/_app.handover.templates.$teamId";
import { createTwoWardTrust, signInAs } from "../../support/factories";
import { callAction } from "../../support/requests";

let trust: Awaited<ReturnType<typeof createTwoWardTrust>>;
let cookie: string;

beforeAll(async () => {
  trust = await createTwoWardTrust();
  cookie = signInAs(trust.manager7.id).cookie;
});

const snapshot = () =>
  JSON.stringify([
    getDb().select().from(handoverTemplates).all(),
    getDb().select().from(teams).all(),
  ]);
const post = (form: Record<string, string>) =>
  callAction(action, {
    path: `/handover/templates/${trust.ward7.id}`,
    params: { teamId: trust.ward7.id },
    form,
    cookie,
  }) as Promise<{ type?: string; init?: { status?: number }; data?: { errors: unknown[] } }>;

describe("the handover templates page", () => {
  it.each([
    ["a form that does not parse", { intent: "choose", templateId: "" }],
    ["a template that is not the team's", { intent: "choose", templateId: "not-a-template" }],
    ["a template without a name", { intent: "save", name: "", "label-1": "Mobility" }],
  ])("refuses %s with a 400 and its message, changing nothing", async (_, form) => {
    const before = snapshot();
    const answer = await post(form);
    expect(answer.type).toBe("DataWithResponseInit");
    expect(answer.init?.status).toBe(400);
    expect(answer.data?.errors.length).toBeGreaterThan(0);
    expect(snapshot()).toBe(before);
  });
});
