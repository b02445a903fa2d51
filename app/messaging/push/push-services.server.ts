// Which push services the server will post to. A subscription's endpoint comes from a browser;
// without a list, anyone signed in could make the server post to any address (an internal
// service, say). The browsers' push services are listed; BATON_PUSH_SERVICES adds origins
// (comma-separated, e.g. a local web-push-testing service in tests).

/** Hosts of the push services of Chrome/Edge (FCM), Firefox (Mozilla autopush), Safari (Apple), and Windows (WNS). */
const KNOWN_HOSTS = [
  /^fcm\.googleapis\.com$/,
  /^(updates\.)?push\.services\.mozilla\.com$/,
  /^([a-z0-9-]+\.)*push\.apple\.com$/,
  /^([a-z0-9-]+\.)*notify\.windows\.com$/,
];

function extraOrigins(): string[] {
  return (process.env.BATON_PUSH_SERVICES ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      try {
        return new URL(s).origin;
      } catch {
        return "";
      }
    })
    .filter(Boolean);
}

/**
 * Whether the server may post to `endpoint`: an https address at a known push service, or an
 * address at an origin named in BATON_PUSH_SERVICES.
 */
export function pushServiceAllowed(endpoint: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (extraOrigins().includes(url.origin)) return true;
  return url.protocol === "https:" && KNOWN_HOSTS.some((host) => host.test(url.hostname));
}
