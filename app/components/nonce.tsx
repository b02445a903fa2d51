import { createContext, useContext } from "react";

/** The CSP nonce for this render; empty in the browser, which hides nonces from scripts anyway. */
export const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
