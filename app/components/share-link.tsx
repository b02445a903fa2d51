// A secret link shown once for a person to pass on (an invitation, a password reset): the link
// as text, a Copy button, the phone's Share sheet where the browser has one, and a QR code to
// scan. Without JavaScript the link and the code are still there to copy by hand or scan.
import { useEffect, useRef, useState } from "react";

type Status = { tone: "done" | "problem"; text: string } | null;

/**
 * @param link the address to pass on
 * @param label what the link is, for the screen reader and the Share sheet ("Invitation link")
 * @param shareText the message the Share sheet puts with the link; it names no patient, and
 *   says nothing the link itself does not
 * @param qrImage a data: URL of the link's QR code
 * @param qrAlt the QR image's text alternative
 */
export function ShareLink({
  link,
  label,
  shareText,
  qrImage,
  qrAlt,
}: {
  link: string;
  label: string;
  shareText: string;
  qrImage: string;
  qrAlt: string;
}) {
  const [status, setStatus] = useState<Status>(null);
  // Known only in the browser: rendered after hydration so server and client HTML agree.
  const [abilities, setAbilities] = useState<{ copy: boolean; share: boolean } | null>(null);
  const linkBox = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    setAbilities({
      copy: typeof navigator.clipboard?.writeText === "function",
      share: typeof navigator.share === "function",
    });
  }, []);

  /** Selects the link's text so that a long press or Ctrl+C copies it. */
  const selectLink = () => {
    const box = linkBox.current;
    const selection = window.getSelection();
    if (!box || !selection) return;
    const range = document.createRange();
    range.selectNodeContents(box);
    selection.removeAllRanges();
    selection.addRange(range);
  };

  const cannotCopy = () => {
    selectLink();
    setStatus({
      tone: "problem",
      text: "This browser cannot copy for you. The link is selected: copy it from your device's menu, or let them scan the code.",
    });
  };

  const copy = () => {
    if (!navigator.clipboard?.writeText) return cannotCopy();
    navigator.clipboard
      .writeText(link)
      .then(() => setStatus({ tone: "done", text: "Link copied." }), cannotCopy);
  };

  const share = () => {
    navigator.share({ title: label, text: shareText, url: link }).then(
      () => setStatus({ tone: "done", text: "Link shared." }),
      (error: unknown) => {
        // Closing the Share sheet is a choice, not a failure.
        if (error instanceof DOMException && error.name === "AbortError") return;
        setStatus({
          tone: "problem",
          text: "The link could not be shared from here. Copy it instead, or let them scan the code.",
        });
      },
    );
  };

  return (
    <>
      <p className="nhsuk-u-visually-hidden">{label}:</p>
      <p className="baton-link-box" ref={linkBox}>
        {link}
      </p>
      {abilities ? (
        <div className="baton-row">
          {abilities.share ? (
            <button type="button" className="nhsuk-button" onClick={share}>
              Share link
            </button>
          ) : null}
          {abilities.copy ? (
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={copy}>
              Copy link
            </button>
          ) : null}
        </div>
      ) : null}
      {abilities && !abilities.copy ? (
        <p>This browser cannot copy for you: press and hold the link to copy it.</p>
      ) : null}
      <p
        role="status"
        className={status?.tone === "problem" ? "nhsuk-error-message" : undefined}
        aria-live="polite"
      >
        {status?.text ?? ""}
      </p>
      <p>Or let them scan this code with their phone camera:</p>
      <img className="baton-qr" src={qrImage} alt={qrAlt} width={220} height={220} />
    </>
  );
}
