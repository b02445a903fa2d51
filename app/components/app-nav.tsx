import { NavLink } from "@remix-run/react";

const ITEMS = [
  {
    to: "/shifts",
    label: "Shifts",
    icon: "M7 2v2H5a2 2 0 0 0-2 2v13a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2h-2V2h-2v2H9V2H7zm-2 7h14v10H5V9z",
  },
  {
    to: "/messages",
    label: "Messages",
    icon: "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2z",
  },
  {
    to: "/handover",
    label: "Handover",
    icon: "M9 2h6a1 1 0 0 1 1 1v1h2a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h2V3a1 1 0 0 1 1-1zm1 2v2h4V4h-4zm-2 7v2h8v-2H8zm0 4v2h6v-2H8z",
  },
  {
    to: "/team",
    label: "Team",
    icon: "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm7 0a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM2 20c0-3.3 3.1-6 7-6s7 2.7 7 6v1H2v-1zm15 1v-1c0-1.8-.6-3.4-1.7-4.6 3.2.2 6.7 1.9 6.7 4.6v1h-5z",
  },
  {
    to: "/settings",
    label: "Settings",
    icon: "M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zm8.9 5-.1-2 2-1.6-2-3.4-2.4.8a8 8 0 0 0-1.7-1L16.2 3h-4l-.5 2.8a8 8 0 0 0-1.7 1L7.6 6 5.6 9.4l2 1.6a8 8 0 0 0 0 2l-2 1.6 2 3.4 2.4-.8a8 8 0 0 0 1.7 1l.5 2.8h4l.5-2.8a8 8 0 0 0 1.7-1l2.4.8 2-3.4-2-1.6z",
  },
];

/**
 * The five places Baton has, in reach of a thumb: a bar along the bottom of a phone screen.
 * Messages carries the number of unread messages.
 */
export function AppNav({ unreadMessages = 0 }: { unreadMessages?: number }) {
  return (
    <nav className="baton-nav" aria-label="Main">
      <ul>
        {ITEMS.map((item) => (
          <li key={item.to}>
            <NavLink
              to={item.to}
              prefetch="intent"
              aria-label={
                item.to === "/messages" && unreadMessages
                  ? `Messages, ${unreadMessages} unread`
                  : undefined
              }
            >
              <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d={item.icon} />
              </svg>
              <span>{item.label}</span>
              {item.to === "/messages" && unreadMessages ? (
                <span className="baton-nav__count" aria-hidden="true">
                  {unreadMessages > 99 ? "99+" : unreadMessages}
                </span>
              ) : null}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
