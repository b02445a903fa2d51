// Sending a message with photos or files: each file is checked and (images) re-encoded first,
// written to disk, and then the message and its attachment rows commit together
// (`sendMessage`). A refusal at any step leaves nothing behind: no row, no file.
import { refuse } from "~/models/audit/refusals.server";
import { InputError } from "~/models/errors";
import { conversationWithId, mayRead } from "../conversation-access.server";
import { type SendResult, sendMessage } from "../messages.server";
import { discardUploads, writeUploads } from "./attachments.server";
import { type PreparedFile, prepareFile } from "./prepare.server";

/**
 * Sends a message with files (see `sendMessage` for the other arguments and rules).
 *
 * - `files`: 1 to MAX_FILES_PER_MESSAGE files as uploaded, each at most MAX_FILE_BYTES (the
 *   caller, `readUpload`, enforces both). `name` is what the sender's phone called the file: it
 *   is used only in a refusal's message back to them, never stored or logged.
 *
 * The actor's access is checked before any image is decoded, so a stranger cannot make the
 * server work. A retry of a stored message (same client id) returns it and keeps no new file.
 *
 * @throws Response 404 when the actor may not read the conversation; InputError (field "files")
 *   naming the file refused and why, or any refusal of `sendMessage`.
 */
export async function sendMessageWithFiles({
  actor,
  conversationId,
  files,
  ipAddress,
  ...message
}: Parameters<typeof sendMessage>[0] & {
  files: { name: string; bytes: Buffer }[];
}): Promise<SendResult> {
  const conversation = conversationWithId(conversationId);
  if (!conversation || !mayRead(actor, conversation))
    throw refuse(actor, {
      attempted: "conversation.read",
      targetType: "conversation",
      targetId: conversationId,
      ipAddress,
    });
  const prepared: PreparedFile[] = [];
  for (const file of files) {
    try {
      prepared.push(await prepareFile(file.bytes));
    } catch (error) {
      if (error instanceof InputError)
        throw new InputError(`${file.name || "A file"}: ${error.message}`, "files");
      throw error;
    }
  }
  const uploads = writeUploads(prepared);
  let result: SendResult;
  try {
    result = sendMessage({
      actor,
      conversationId,
      ipAddress,
      ...message,
      // Only spaces beside a photo: the photo goes on its own, as it may (an edit does the same).
      body: message.body.trim() ? message.body : "",
      attachments: uploads,
    });
  } catch (error) {
    discardUploads(uploads);
    throw error;
  }
  if (!result.created) discardUploads(uploads);
  return result;
}
