import type { ReactNode } from "react";
import { RouteErrorBoundary } from "./route-error";

/** Pages for people not signed in (sign-in, setup, invitation): the brand bar and a narrow column. */
export function PlainPage({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="baton-header">
        <span className="baton-header__brand">Baton</span>
      </header>
      <main className="baton-main baton-main--plain" id="main-content">
        {children}
      </main>
    </>
  );
}

export function PlainErrorBoundary() {
  return (
    <PlainPage>
      <RouteErrorBoundary />
    </PlainPage>
  );
}
