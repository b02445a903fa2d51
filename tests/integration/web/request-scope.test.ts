// A page view validates its session once (the layout's loader and the page's share it), but an
// action is never served from that memo, and outside a request nothing is remembered.
import { describe, expect, it } from "vitest";
import { deleteSession } from "~/models/accounts/sessions.server";
import { oncePerRequest, withRequestScope } from "~/web/request-scope.server";
import { getSession } from "~/web/session-cookie.server";
import { createOrganisation, createPerson, signInAs } from "../../support/factories";
import { getRequest, postRequest } from "../../support/requests";

/** Runs `work` inside one request's scope, as server/app.ts does for every request. */
function inOneRequest<T>(work: () => T): T {
  let result: T | undefined;
  withRequestScope(() => {
    result = work();
  });
  return result as T;
}

async function signedInCookie() {
  const organisation = createOrganisation();
  const person = await createPerson({ organisationId: organisation.id });
  const session = signInAs(person.id);
  return { cookie: `baton_session=${session.token}`, sessionId: session.sessionId };
}

describe("oncePerRequest", () => {
  it("computes a value once within a request and afresh in the next request", () => {
    let made = 0;
    const make = () => ++made;
    expect(inOneRequest(() => [oncePerRequest("k", make), oncePerRequest("k", make)])).toEqual([
      1, 1,
    ]);
    expect(inOneRequest(() => oncePerRequest("k", make))).toBe(2);
  });

  it("keeps nothing outside a request", () => {
    let made = 0;
    oncePerRequest("k", () => ++made);
    oncePerRequest("k", () => ++made);
    expect(made).toBe(2);
  });
});

describe("getSession within one request", () => {
  it("answers a page's loaders from one validation", async () => {
    const { cookie, sessionId } = await signedInCookie();
    const [first, second] = inOneRequest(() => {
      const layout = getSession(getRequest("/shifts", cookie));
      // Revoked between the two loaders: the second is answered from the first's validation.
      deleteSession(sessionId);
      return [layout, getSession(getRequest("/shifts", cookie))];
    });
    expect(first?.sessionId).toBe(sessionId);
    expect(second?.sessionId).toBe(sessionId);
    // The next request sees the revocation.
    expect(inOneRequest(() => getSession(getRequest("/shifts", cookie)))).toBeNull();
  });

  it("validates an action's session afresh, so an action sees a session that just ended", async () => {
    const { cookie, sessionId } = await signedInCookie();
    const afterRevoking = inOneRequest(() => {
      getSession(getRequest("/settings/devices", cookie));
      deleteSession(sessionId);
      return getSession(postRequest("/settings/devices", {}, cookie));
    });
    expect(afterRevoking).toBeNull();
  });
});
