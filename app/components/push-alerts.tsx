// Web push in the browser (issue 13): turning alerts on for this device from a tap, and keeping
// the server's copy of this browser's subscription current. Push needs JavaScript by its nature;
// everything else on the page (choices, turning a device off) is a plain form.
import { useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";

/** The VAPID public key (base64url) as PushManager.subscribe wants it. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array<ArrayBuffer>): boolean {
  if (!a) return false;
  const bytes = new Uint8Array(a);
  return bytes.length === b.length && bytes.every((x, i) => x === b[i]);
}

function pushSupported(): boolean {
  return (
    typeof window !== "undefined" &&
    "serviceWorker" in navigator &&
    "PushManager" in window &&
    "Notification" in window
  );
}

/**
 * Sends this browser's subscription to the server; true when it was saved. A `refresh` only
 * updates one the server already holds for this person (it never turns alerts on by itself).
 */
async function saveOnServer(subscription: PushSubscription, refresh: boolean): Promise<boolean> {
  const json = subscription.toJSON();
  const body = new URLSearchParams({
    endpoint: json.endpoint ?? "",
    p256dh: json.keys?.p256dh ?? "",
    auth: json.keys?.auth ?? "",
    ...(refresh ? { refresh: "1" } : {}),
  });
  const response = await fetch("/push/subscription", { method: "POST", body });
  return response.ok;
}

/**
 * This browser's subscription, if the server holds it for the person signed in: refreshed there
 * (tied to this session). One made with another server key is dropped (pushes to it would be
 * refused). Returns null when alerts are off here: no subscription, or one the server does not
 * hold for this person (turned off, or another person's on a shared computer).
 */
async function refreshSubscription(publicKey: string): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.getSubscription();
  if (!subscription) return null;
  if (!sameKey(subscription.options.applicationServerKey, keyBytes(publicKey))) {
    await subscription.unsubscribe();
    return null;
  }
  return (await saveOnServer(subscription, true)) ? subscription : null;
}

/**
 * On each full load of the signed-in app, when alerts are allowed here, the subscription is
 * re-checked and saved again: a browser may change it, and signing in again ties it to the new
 * session. Does nothing where push is unsupported or not yet allowed.
 */
export function usePushRefresh(publicKey: string | null): void {
  useEffect(() => {
    if (!publicKey || !pushSupported() || Notification.permission !== "granted") return;
    refreshSubscription(publicKey).catch(() => {});
  }, [publicKey]);
}

type SwitchState =
  | "checking"
  | "unsupported"
  | "ios-home-screen"
  | "blocked"
  | "off"
  | "on"
  | "working"
  | "failed";

function isIos(): boolean {
  return /iPad|iPhone|iPod/.test(navigator.userAgent) && !("MSStream" in window);
}

/**
 * "Turn on alerts on this device": asks for permission from the tap itself (iOS asks only from a
 * user gesture, and only in a home-screen app), subscribes with the server's key and saves it.
 */
export function PushSwitch({ publicKey }: { publicKey: string }) {
  const [state, setState] = useState<SwitchState>("checking");
  const revalidator = useRevalidator();

  useEffect(() => {
    if (!pushSupported()) {
      setState(isIos() ? "ios-home-screen" : "unsupported");
      return;
    }
    if (Notification.permission === "denied") {
      setState("blocked");
      return;
    }
    refreshSubscription(publicKey)
      .then((subscription) => setState(subscription ? "on" : "off"))
      .catch(() => setState("off"));
  }, [publicKey]);

  const turnOn = async () => {
    setState("working");
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setState(permission === "denied" ? "blocked" : "off");
        return;
      }
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(publicKey),
      });
      setState((await saveOnServer(subscription, false)) ? "on" : "failed");
      revalidator.revalidate();
    } catch {
      setState("failed");
    }
  };

  return (
    <div className="baton-card" aria-live="polite">
      {state === "checking" ? <p>Checking this device…</p> : null}
      {state === "on" ? <p>Alerts are on for this device.</p> : null}
      {state === "unsupported" ? (
        <p>This browser cannot receive alerts. Try Chrome, Edge, Firefox or Safari.</p>
      ) : null}
      {state === "ios-home-screen" ? (
        <p>
          On iPhone and iPad, alerts work only from the Home Screen app: tap Share, then Add to Home
          Screen, open Baton from there and come back to this page.
        </p>
      ) : null}
      {state === "blocked" ? (
        <p>
          Alerts are blocked for Baton in this browser's settings. Allow notifications for this site
          there, then come back.
        </p>
      ) : null}
      {state === "failed" ? (
        <p role="alert">Alerts could not be turned on. Check your connection and try again.</p>
      ) : null}
      {state === "off" || state === "failed" || state === "working" ? (
        <button
          type="button"
          className="nhsuk-button nhsuk-u-margin-bottom-0"
          onClick={turnOn}
          disabled={state === "working"}
        >
          {state === "working" ? "Turning on…" : "Turn on alerts on this device"}
        </button>
      ) : null}
    </div>
  );
}
