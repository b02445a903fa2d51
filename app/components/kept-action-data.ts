// What an action answered, kept while the page stays where it is. Remix clears useActionData
// whenever the page's data is reloaded by anything but a form submission, and live updates
// (app/components/live-events.ts) reload it whenever an event arrives: often the event that the
// action itself wrote ("Published. 12 people have been told." would flash and vanish, and so
// would a form's errors). A reload keeps the location's key, a navigation changes it, so the
// answer is kept for as long as the key is the one it arrived on.
import { useActionData, useLocation } from "@remix-run/react";
import { useRef } from "react";

/** `useActionData`, surviving live reloads of the page's data; gone after a navigation. */
export function useKeptActionData<T>(): ReturnType<typeof useActionData<T>> {
  const answer = useActionData<T>();
  const { key } = useLocation();
  const kept = useRef<{ key: string; answer: ReturnType<typeof useActionData<T>> } | null>(null);
  if (answer !== undefined) kept.current = { key, answer };
  else if (kept.current && kept.current.key !== key) kept.current = null;
  return answer ?? kept.current?.answer;
}
