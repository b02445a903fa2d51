// Whether the browser thinks it has a connection (navigator.onLine and its online/offline
// events). "Online" can be wrong (a captive portal, a dead Wi-Fi): callers still treat a failed
// request as offline. The server render assumes online.
import { useSyncExternalStore } from "react";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => navigator.onLine,
    () => true,
  );
}
