import { useEffect, useRef, useState } from "react";

/**
 * Registers the service worker and, when a new version is waiting, offers to switch to it. The
 * page reloads only when the person chooses, so nobody loses a half-written handover.
 */
export function UpdatePrompt() {
  const [waiting, setWaiting] = useState<ServiceWorker | null>(null);
  // Only the person's "Update now" may reload the page. The first worker also takes control
  // (clients.claim), and reloading then would wipe whatever they were typing.
  const updateRequested = useRef(false);

  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    let cancelled = false;
    let reloading = false;
    let checkForUpdate: (() => void) | undefined;
    let hourly: number | undefined;
    const onControllerChange = () => {
      if (reloading || !updateRequested.current) return;
      reloading = true;
      window.location.reload();
    };
    navigator.serviceWorker
      .register("/sw.js", { scope: "/" })
      .then((registration) => {
        if (cancelled) return;
        // A ward tablet may stay on one page all shift: look for a new version whenever Baton
        // comes back into view, and hourly.
        checkForUpdate = () => {
          if (document.visibilityState === "visible") registration.update().catch(() => {});
        };
        document.addEventListener("visibilitychange", checkForUpdate);
        hourly = window.setInterval(checkForUpdate, 60 * 60_000);
        if (registration.waiting && navigator.serviceWorker.controller)
          setWaiting(registration.waiting);
        registration.addEventListener("updatefound", () => {
          const installing = registration.installing;
          installing?.addEventListener("statechange", () => {
            if (installing.state === "installed" && navigator.serviceWorker.controller)
              setWaiting(installing);
          });
        });
      })
      .catch(() => {
        // Without a service worker Baton still works; it only loses the offline page.
      });
    navigator.serviceWorker.addEventListener("controllerchange", onControllerChange);
    return () => {
      cancelled = true;
      if (checkForUpdate) document.removeEventListener("visibilitychange", checkForUpdate);
      window.clearInterval(hourly);
      navigator.serviceWorker.removeEventListener("controllerchange", onControllerChange);
    };
  }, []);

  if (!waiting) return null;
  return (
    <div className="baton-update" role="status">
      <p>A new version of Baton is ready.</p>
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary"
        onClick={() => {
          updateRequested.current = true;
          waiting.postMessage({ type: "SKIP_WAITING" });
        }}
      >
        Update now
      </button>
    </div>
  );
}
