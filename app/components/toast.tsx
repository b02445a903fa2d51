// The one place an action's result is shown: a banner at the top of the page that takes focus,
// so it is on screen (focus scrolls it into view) and a screen reader reads it, wherever the
// person tapped. The layout shows the toast a redirect carried (app/web/toast.server.ts).
import { Link, useLocation, useNavigation } from "@remix-run/react";
import { type ReactNode, useEffect, useRef } from "react";
import type { Toast } from "~/web/toast";

/**
 * The toast for this location, kept while the page's data reloads (live events reload it, and
 * the layout's loader has already cleared the cookie by then); gone after a navigation.
 */
export function useKeptToast(toast: Toast | null): Toast | null {
  const { key } = useLocation();
  const navigation = useNavigation();
  const kept = useRef<{ key: string; toast: Toast } | null>(null);
  const dropped = useRef<Toast | null>(null);
  // A form on its way (sent, or its answer loading) makes the last result old news: it goes,
  // and is not shown again from data that has not been reloaded yet; the next answer speaks.
  const busy = navigation.state !== "idle" && navigation.formMethod?.toUpperCase() === "POST";
  if (busy) {
    dropped.current = toast ?? kept.current?.toast ?? null;
    kept.current = null;
  } else if (toast && toast !== dropped.current) kept.current = { key, toast };
  else if (kept.current && kept.current.key !== key) kept.current = null;
  return kept.current?.toast ?? null;
}

/**
 * A result banner: role=status (announced politely), and focused when it appears so that it is
 * in the viewport and read out even after a redirect. The layout shows a redirect's toast; a page
 * whose result stays on the page (with detail too long for a cookie, as `children`) shows one
 * itself, first in the page.
 */
export function ToastBanner({
  toast,
  id,
  children,
}: {
  toast: Toast;
  /** "toast" for the layout's one; a page's own banner has none (two would share it). */
  id?: string;
  children?: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { key } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new location or toast is a new result to show
  useEffect(() => {
    ref.current?.focus();
    // Once more on the next frame: a dialog closing or the router restoring the scroll position
    // in the same moment can move the page after the focus did.
    const frame = requestAnimationFrame(() => ref.current?.scrollIntoView({ block: "nearest" }));
    return () => cancelAnimationFrame(frame);
  }, [key, toast.message]);
  return (
    <div
      ref={ref}
      id={id}
      className={`baton-toast baton-toast--${toast.kind}`}
      role={toast.kind === "error" ? "alert" : "status"}
      tabIndex={-1}
    >
      <p className="baton-toast__message">{toast.message}</p>
      {toast.links?.length ? (
        <ul className="baton-toast__links">
          {toast.links.map((link) => (
            <li key={link.to} className="baton-toast__link">
              <Link to={link.to}>{link.label}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      {children}
    </div>
  );
}
