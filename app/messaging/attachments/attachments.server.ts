// Message attachments in the database (docs/decisions/026): the rows that name each message's
// stored files, who may fetch a file (the conversation's members now, as for its messages), and
// removing a message's files (delete and retention call `removeMessageAttachments`).
import { asc, eq, sql } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { inList, jsonList, preparedOnce } from "~/db/prepared.server";
import { messageAttachments } from "~/db/schema.server";
import type { Actor } from "~/models/accounts/permissions";
import { refuse } from "~/models/audit/refusals.server";
import { newId } from "~/models/ids.server";
import { conversationWithId, mayRead } from "../conversation-access.server";
import type { AttachmentView } from "./attachment-view";
import type { PreparedFile } from "./prepare.server";
import { deleteStoredFiles, sweepOrphanFiles, writeStoredFile } from "./storage.server";

export type Attachment = typeof messageAttachments.$inferSelect;

/** A file written to disk for a message not yet committed: what its row will say. */
export type StoredUpload = Omit<
  Attachment,
  "id" | "messageId" | "conversationId" | "position" | "createdAt"
>;

const EXTENSION = { "image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf" } as const;

/**
 * Writes prepared files to disk under random names, before the message's transaction (no
 * awaiting or disk work inside one, decision 007). If the send then fails or was a retry, the
 * caller deletes them with `discardUploads`; a crash in between leaves files the sweep removes.
 */
export function writeUploads(files: PreparedFile[]): StoredUpload[] {
  const written: StoredUpload[] = [];
  try {
    for (const file of files) {
      const storedName = writeStoredFile(file.bytes, EXTENSION[file.contentType]);
      if (file.kind === "pdf") {
        written.push({
          kind: "pdf",
          storedName,
          thumbnailName: null,
          contentType: file.contentType,
          size: file.bytes.length,
          width: null,
          height: null,
          thumbnailWidth: null,
          thumbnailHeight: null,
        });
        continue;
      }
      // Recorded at once, so that a failure writing the thumbnail still deletes the image.
      const upload: StoredUpload = {
        kind: "image",
        storedName,
        thumbnailName: null,
        contentType: file.contentType,
        size: file.bytes.length,
        width: file.width,
        height: file.height,
        thumbnailWidth: file.thumbnail.width,
        thumbnailHeight: file.thumbnail.height,
      };
      written.push(upload);
      upload.thumbnailName = writeStoredFile(file.thumbnail.bytes, "jpg");
    }
  } catch (error) {
    discardUploads(written);
    throw error;
  }
  return written;
}

/** Deletes the files of uploads that were never attached (a refused send, a retry). */
export function discardUploads(uploads: StoredUpload[]): void {
  deleteStoredFiles(namesOf(uploads));
}

function namesOf(rows: Pick<Attachment, "storedName" | "thumbnailName">[]): string[] {
  return rows.flatMap((r) => (r.thumbnailName ? [r.storedName, r.thumbnailName] : [r.storedName]));
}

/** Inserts a new message's attachment rows, in order. Inside the message's write transaction. */
export function insertAttachments({
  messageId,
  conversationId,
  uploads,
  now,
}: {
  messageId: string;
  conversationId: string;
  uploads: StoredUpload[];
  now: Date;
}): void {
  const db = getDb();
  uploads.forEach((upload, position) => {
    db.insert(messageAttachments)
      .values({ ...upload, id: newId(), messageId, conversationId, position, createdAt: now })
      .run();
  });
}

export type { AttachmentView };

// Every conversation page runs this for its page of messages (decision 014).
const attachmentsOfMessages = preparedOnce((db) =>
  db
    .select({
      messageId: messageAttachments.messageId,
      id: messageAttachments.id,
      kind: messageAttachments.kind,
      contentType: messageAttachments.contentType,
      size: messageAttachments.size,
      width: messageAttachments.width,
      height: messageAttachments.height,
      thumbnailWidth: messageAttachments.thumbnailWidth,
      thumbnailHeight: messageAttachments.thumbnailHeight,
    })
    .from(messageAttachments)
    .where(inList(messageAttachments.messageId, "ids"))
    .orderBy(asc(messageAttachments.messageId), asc(messageAttachments.position))
    .prepare(),
);

/**
 * The attachments of some messages, by message id, in their order. The caller has checked that
 * the viewer may read the messages (the conversation page lists them through `listMessages`).
 */
export function attachmentsByMessage(messageIds: string[]): Map<string, AttachmentView[]> {
  const byMessage = new Map<string, AttachmentView[]>();
  if (messageIds.length === 0) return byMessage;
  for (const { messageId, ...view } of attachmentsOfMessages().all({ ids: jsonList(messageIds) })) {
    const list = byMessage.get(messageId) ?? [];
    list.push(view);
    byMessage.set(messageId, list);
  }
  return byMessage;
}

const attachmentById = preparedOnce((db) =>
  db
    .select()
    .from(messageAttachments)
    .where(eq(messageAttachments.id, sql.placeholder("id")))
    .prepare(),
);

/**
 * The stored file to send for an attachment (the image or PDF, or with `thumbnail` an image's
 * thumbnail), if the actor may read its conversation now. A former member, a person on another
 * team or organisation, an unknown id, a PDF's "thumbnail" and a removed file all get the same
 * audited 404 as a conversation they cannot read.
 *
 * @throws Response 404
 */
export function attachmentToServe({
  actor,
  attachmentId,
  thumbnail = false,
  ipAddress,
}: {
  actor: Actor;
  attachmentId: string;
  thumbnail?: boolean;
  ipAddress?: string;
}): { storedName: string; contentType: string; kind: "image" | "pdf" } {
  const row = attachmentById().get({ id: attachmentId });
  const conversation = row ? conversationWithId(row.conversationId) : undefined;
  const storedName = thumbnail ? row?.thumbnailName : row?.storedName;
  if (!row || !conversation || !storedName || !mayRead(actor, conversation)) {
    throw refuse(actor, {
      attempted: "attachment.read",
      targetType: "attachment",
      targetId: attachmentId.slice(0, 40),
      ipAddress,
    });
  }
  return {
    storedName,
    contentType: thumbnail ? "image/jpeg" : row.contentType,
    kind: row.kind,
  };
}

/**
 * Removes the attachments of some messages: the contract with delete and retention (issue 14).
 * Call it inside the caller's write transaction; it deletes the rows there and returns
 * `deleteFiles`, to call after the transaction has committed (a rolled-back transaction must
 * not lose files whose rows remain). If the process stops in between, the files have no row and
 * the start-up sweep removes them.
 *
 * ```ts
 * const { deleteFiles } = writeTransaction(() => { …; return removeMessageAttachments(ids); });
 * deleteFiles();
 * ```
 */
export function removeMessageAttachments(messageIds: string[]): { deleteFiles: () => void } {
  if (messageIds.length === 0) return { deleteFiles: () => {} };
  const db = getDb();
  const removed = db
    .delete(messageAttachments)
    .where(
      sql`${messageAttachments.messageId} in (select value from json_each(${jsonList(messageIds)}))`,
    )
    .returning({
      storedName: messageAttachments.storedName,
      thumbnailName: messageAttachments.thumbnailName,
    })
    .all();
  const names = namesOf(removed);
  return { deleteFiles: () => deleteStoredFiles(names) };
}

/**
 * Deletes attachment files that no row names (left by a crash between writing a file and its
 * row's commit, or between a removal's commit and its file deletion). Returns how many.
 */
export function sweepOrphanAttachmentFiles({ minAgeMs }: { minAgeMs?: number } = {}): number {
  // Read once: one query for the whole sweep rather than one per file.
  const known = new Set(
    namesOf(
      getDb()
        .select({
          storedName: messageAttachments.storedName,
          thumbnailName: messageAttachments.thumbnailName,
        })
        .from(messageAttachments)
        .all(),
    ),
  );
  return sweepOrphanFiles({ isKnown: (name) => known.has(name), minAgeMs });
}
