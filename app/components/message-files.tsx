// Photos and PDFs in a conversation (issue 14, docs/decisions/026): what a message carries, shown
// in the thread, and the composer's file input with its preview. Files are shown, never offered
// for saving: no download link, and the phone's "save image" menu is not invited (the server
// also sends them inline and uncacheable). Nothing chosen here is kept anywhere but the page.
import { type ChangeEvent, type MouseEvent, useRef, useState } from "react";
import type { AttachmentView } from "~/messaging/attachments/attachment-view";
import {
  ACCEPTED_TYPES,
  FILE_TOO_LARGE,
  formatFileSize,
  MAX_FILE_BYTES,
  MAX_FILES_PER_MESSAGE,
  TOO_MANY_FILES,
} from "~/messaging/attachments/limits";

/** A long press would offer "Download image": a photo in Baton stays in Baton. */
const noMenu = (event: MouseEvent) => event.preventDefault();

/**
 * A message's photos (thumbnails, each opening the full image) and PDFs (a link that opens it in
 * the browser's viewer). Thumbnails carry their size, so the thread does not jump as they load.
 */
export function MessageFiles({ attachments }: { attachments: AttachmentView[] }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="baton-files" aria-label="Photos and files">
      {attachments.map((file, i) =>
        file.kind === "image" ? (
          <li key={file.id} className="baton-files__item">
            <a
              href={`/attachments/${file.id}`}
              className="baton-files__photo"
              onContextMenu={noMenu}
              draggable={false}
            >
              <img
                src={`/attachments/${file.id}/thumbnail`}
                width={file.thumbnailWidth ?? undefined}
                height={file.thumbnailHeight ?? undefined}
                alt={`Attached ${i + 1} of ${attachments.length}, open full size`}
                loading="lazy"
                draggable={false}
                onContextMenu={noMenu}
              />
            </a>
          </li>
        ) : (
          <li key={file.id} className="baton-files__item baton-files__pdf">
            <a href={`/attachments/${file.id}`} onContextMenu={noMenu}>
              Open PDF<span className="nhsuk-u-visually-hidden"> {i + 1}</span> (
              {formatFileSize(file.size)})
            </a>
          </li>
        ),
      )}
    </ul>
  );
}

type Chosen = { key: string; name: string; size: number; type: string; preview: string | null };

/**
 * The composer's file input (`name="files"`, up to MAX_FILES_PER_MESSAGE, each at most 10 MB).
 * Without JavaScript it is a plain file input and the server checks everything. With it, the
 * chosen files are listed with a preview of each photo (read in the page's memory, nowhere else)
 * and a Remove button, and a file over the limit is named at once.
 *
 * @param error the server's refusal of the files, if any
 */
export function ComposerFiles({ error }: { error?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const shownError = problem ?? error;

  const show = (files: File[]) => {
    const tooBig = files.find((f) => f.size > MAX_FILE_BYTES);
    setProblem(
      tooBig
        ? `${tooBig.name}: ${FILE_TOO_LARGE}`
        : files.length > MAX_FILES_PER_MESSAGE
          ? TOO_MANY_FILES
          : null,
    );
    setChosen(
      files.map((f, i) => ({
        key: `${i}-${f.name}-${f.size}`,
        name: f.name,
        size: f.size,
        type: f.type,
        preview: null,
      })),
    );
    files.forEach((file, i) => {
      if (!file.type.startsWith("image/")) return;
      const reader = new FileReader();
      reader.onload = () => {
        const url = typeof reader.result === "string" ? reader.result : null;
        setChosen((list) => list.map((c, j) => (j === i ? { ...c, preview: url } : c)));
      };
      reader.readAsDataURL(file);
    });
  };

  const remove = (index: number) => {
    const field = input.current;
    if (!field?.files) return;
    const kept = Array.from(field.files).filter((_, i) => i !== index);
    const transfer = new DataTransfer();
    for (const file of kept) transfer.items.add(file);
    field.files = transfer.files;
    show(kept);
  };

  return (
    <div className={`nhsuk-form-group${shownError ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor="files">
        Photos or PDFs (optional)
      </label>
      <div className="nhsuk-hint" id="files-hint">
        Up to {MAX_FILES_PER_MESSAGE}, 10 MB each. Location and camera details are removed.
      </div>
      {shownError ? (
        <span className="nhsuk-error-message" id="files-error">
          <span className="nhsuk-u-visually-hidden">Error:</span> {shownError}
        </span>
      ) : null}
      <input
        ref={input}
        className="nhsuk-file-upload baton-composer__files"
        id="files"
        name="files"
        type="file"
        multiple
        accept={ACCEPTED_TYPES}
        aria-describedby={shownError ? "files-hint files-error" : "files-hint"}
        onChange={(event: ChangeEvent<HTMLInputElement>) =>
          show(Array.from(event.currentTarget.files ?? []))
        }
      />
      {chosen.length ? (
        <ul className="baton-files baton-files--chosen" aria-label="Chosen to send">
          {chosen.map((file, i) => (
            <li key={file.key} className="baton-files__item">
              {file.preview ? (
                <img
                  src={file.preview}
                  alt={`Preview of ${file.name}`}
                  className="baton-files__preview"
                />
              ) : (
                <span className="baton-files__name">{file.name}</span>
              )}
              <span className="baton-list__meta">{formatFileSize(file.size)}</span>{" "}
              <button type="button" className="baton-link-button" onClick={() => remove(i)}>
                Remove<span className="nhsuk-u-visually-hidden"> {file.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * Whether the composer's form has files chosen, and whether they may go: the route's submit
 * handler asks this before the outbox (which is text only) takes the message.
 */
export function chosenFiles(form: HTMLFormElement): File[] {
  const field = form.elements.namedItem("files");
  return field instanceof HTMLInputElement ? Array.from(field.files ?? []) : [];
}

/** The problem with files about to be sent, in the words the server would use, or null. */
export function filesProblem(files: File[]): string | null {
  const tooBig = files.find((f) => f.size > MAX_FILE_BYTES);
  if (tooBig) return `${tooBig.name}: ${FILE_TOO_LARGE}`;
  if (files.length > MAX_FILES_PER_MESSAGE) return TOO_MANY_FILES;
  return null;
}
