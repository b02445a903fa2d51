// What the Express server hands every loader and action (see server/app.ts).
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The per-request nonce that the Content-Security-Policy header allows scripts with. */
    cspNonce: string;
    /** The client's address (from X-Forwarded-For only when BATON_TRUST_PROXY says so). */
    clientAddress: string;
    /**
     * Bytes written to this response that the client has not yet taken (the event stream closes
     * a client that falls too far behind). Absent outside the Express server: then 0.
     */
    responseBufferedBytes?: () => number;
  }
}

export {};
