// The one wake-up interface between a write and the stream hub (docs/decisions/017): a listener
// hears each outermost commit, after it is visible to other connections, and nothing else.
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb, onCommit, writeTransaction } from "~/db/connection.server";
import { organisations } from "~/db/schema.server";
import { newId } from "~/models/ids.server";

let unsubscribe = () => {};
afterEach(() => unsubscribe());

const addOrganisation = () =>
  getDb().insert(organisations).values({ id: newId(), name: "Listener Trust" }).run();

describe("commit listeners", () => {
  it("hear a write transaction once, after it commits", () => {
    const heard: boolean[] = [];
    unsubscribe = onCommit(() => heard.push(getDb().$client.inTransaction));
    writeTransaction(() => {
      addOrganisation();
      writeTransaction(() => addOrganisation());
    });
    expect(heard).toEqual([false]);
  });

  it("hear nothing from a transaction that rolls back", () => {
    let heard = 0;
    unsubscribe = onCommit(() => heard++);
    expect(() =>
      writeTransaction(() => {
        addOrganisation();
        throw new Error("changed my mind");
      }),
    ).toThrow("changed my mind");
    expect(heard).toBe(0);
  });

  it("cannot make a committed write fail by failing themselves", () => {
    const failing = onCommit(() => {
      throw new Error("listener broke");
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(writeTransaction(() => "written")).toBe("written");
      expect(logged).toHaveBeenCalledTimes(1);
    } finally {
      failing();
      logged.mockRestore();
    }
  });
});
