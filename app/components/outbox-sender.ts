// The one sender of the tab's outbox (message-outbox.ts), run by the signed-in layout so that
// waiting messages go wherever the person is in the app, not only on their conversation's page.
// A message at a time; a stored one reloads the pages' data (which then shows it); the end of the
// session empties the outbox and loads the page afresh, which sends the person to sign in.
import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useSyncExternalStore } from "react";
import {
  hasUnsent,
  messageOutbox,
  type OutboxState,
  postMessage,
  serverOutboxSnapshot,
} from "./message-outbox";

export function useOutboxSender(userId: string): OutboxState {
  const state = useSyncExternalStore(
    messageOutbox.subscribe,
    messageOutbox.getState,
    serverOutboxSnapshot,
  );
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;

  useEffect(() => {
    // Whoever signed in owns the outbox: another person's messages go.
    messageOutbox.signedInAs(userId);
    // Looks for a message to send whenever the outbox changes, its retry timer wakes, or the
    // connection comes back (not on a render: a timer's wake changes no state to render).
    const sendNext = () => {
      if (messageOutbox.getState().owner !== userId) return;
      const item = messageOutbox.nextToSend(navigator.onLine, userId);
      if (!item) return;
      messageOutbox.markSending(item.clientId);
      void postMessage(item).then((outcome) => {
        messageOutbox.settle(item.clientId, outcome);
        if (outcome.kind === "stored") revalidate.current();
        // The session has ended: a fresh load of this page goes to sign in, with nothing kept.
        if (outcome.kind === "signed-out")
          window.location.assign(`${window.location.pathname}${window.location.search}`);
      });
    };
    const unsubscribe = messageOutbox.subscribe(sendNext);
    window.addEventListener("online", sendNext);
    sendNext();
    return () => {
      unsubscribe();
      window.removeEventListener("online", sendNext);
    };
  }, [userId]);

  // Leaving with messages unsent (or refused and not yet back in their composer) asks first:
  // they live only in this tab's memory.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (!hasUnsent(messageOutbox.getState())) return;
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);

  return state;
}
