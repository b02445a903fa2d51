import { describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { recordAudit, verifyAuditChain } from "~/models/audit/audit.server";
import { loader as auditLoader } from "~/routes/_app.admin.audit";
import { action as auditCsvAction } from "~/routes/_app.admin.audit[.]csv";
import { createTwoWardTrust, signInAs } from "../../support/factories";
import { callAction, callLoader, thrownResponse } from "../../support/requests";

function recordSome(organisationId: string, n: number) {
  for (let i = 0; i < n; i++) {
    recordAudit({
      organisationId,
      actorUserId: "someone",
      action: "sign_in.failed",
      ipAddress: "10.0.0.1",
      detail: { i },
    });
  }
}

describe("audit log", () => {
  it("chains each row to the one before, and the chain verifies", async () => {
    const trust = await createTwoWardTrust();
    recordSome(trust.organisation.id, 5);
    const report = verifyAuditChain();
    expect(report.ok).toBe(true);
    expect(report.rows).toBeGreaterThanOrEqual(5);
  });

  it("refuses UPDATE and DELETE at the database", async () => {
    const trust = await createTwoWardTrust();
    recordSome(trust.organisation.id, 1);
    const client = getDb().$client;
    expect(() => client.exec("UPDATE audit_events SET action = 'nothing' WHERE seq = 1")).toThrow(
      /append-only/,
    );
    expect(() => client.exec("DELETE FROM audit_events WHERE seq = 1")).toThrow(/append-only/);
  });

  it("detects a row edited behind the triggers' back", async () => {
    const trust = await createTwoWardTrust();
    recordSome(trust.organisation.id, 4);
    const client = getDb().$client;
    client.exec("DROP TRIGGER audit_events_no_update");
    try {
      client.exec("UPDATE audit_events SET detail = '{\"i\":99}' WHERE seq = 2");
      expect(verifyAuditChain()).toMatchObject({
        ok: false,
        brokenAtSeq: 2,
        reason: "its contents were changed",
      });
    } finally {
      client.exec("UPDATE audit_events SET detail = '{\"i\":1}' WHERE seq = 2");
      client.exec(
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;",
      );
    }
    expect(verifyAuditChain().ok).toBe(true);
  });

  it("detects a row removed behind the triggers' back", async () => {
    const trust = await createTwoWardTrust();
    recordSome(trust.organisation.id, 4);
    const client = getDb().$client;
    const total = (client.prepare("SELECT max(seq) AS n FROM audit_events").get() as { n: number })
      .n;
    client.exec("DROP TRIGGER audit_events_no_delete");
    client.exec(`DELETE FROM audit_events WHERE seq = ${total - 1}`);
    expect(verifyAuditChain()).toMatchObject({
      ok: false,
      brokenAtSeq: total,
      reason: `row ${total - 1} is missing`,
    });
  });
});

describe("audit export", () => {
  it("gives administrators a CSV of their organisation's events, and audits the export", async () => {
    const trust = await createTwoWardTrust();
    const other = await createTwoWardTrust();
    recordSome(trust.organisation.id, 3);
    recordSome(other.organisation.id, 2);
    const { cookie } = signInAs(trust.admin.id);
    const response = (await callAction(auditCsvAction, {
      path: "/admin/audit.csv",
      form: { action: "sign_in", q: "", from: "", to: "" },
      cookie,
    })) as Response;
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="baton-audit-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toBe(
      "seq,at,action,actor_user_id,target_type,target_id,ip_address,detail,prev_hash,hash",
    );
    expect(lines).toHaveLength(1 + 3);
    const exported = getDb()
      .$client.prepare("SELECT detail FROM audit_events WHERE action = 'audit.exported'")
      .all();
    expect(exported).toHaveLength(1);
  });

  it("names a filter date that does not exist instead of reading 31 April as 1 May", async () => {
    const trust = await createTwoWardTrust();
    recordSome(trust.organisation.id, 2);
    const { cookie } = signInAs(trust.admin.id);
    const page = await callLoader(auditLoader, { path: "/admin/audit?from=2027-04-31", cookie });
    expect(page).toEqual({
      events: [],
      errors: [
        {
          field: "from",
          message: "31 April 2027 does not exist. Enter the From date as a real date.",
        },
      ],
    });
    const refused = await thrownResponse(() =>
      callAction(auditCsvAction, { path: "/admin/audit.csv", cookie, form: { to: "2027-02-30" } }),
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toBe(
      "30 February 2027 does not exist. Enter the To date as a real date.",
    );
  });
});
