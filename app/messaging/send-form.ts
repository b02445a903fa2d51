// The form that sends a message, as the conversation page's composer posts it without
// JavaScript and the outbox posts it with (app/routes/messages.$conversationId.send.ts).
import { z } from "zod";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";

export const SendMessageForm = z.object({
  intent: z.literal("send"),
  clientId: z
    .string()
    .min(1, "Reload the page and send the message again.")
    .max(TEXT_LIMITS.messageClientId, tooLongMessage("The client id", TEXT_LIMITS.messageClientId)),
  body: z
    .string({ required_error: "Write a message." })
    .max(TEXT_LIMITS.messageBody, tooLongMessage("A message", TEXT_LIMITS.messageBody))
    .refine((body) => body.trim().length > 0, "Write a message."),
  urgent: z.literal("yes").optional(),
  replyToMessageId: z.string().max(40).optional(),
});

/**
 * The composer's form when it carries photos or files (multipart): the same fields, but the
 * message may be left empty, since a photo can go without words (issue 14).
 */
export const SendMessageWithFilesForm = SendMessageForm.extend({
  body: z
    .string()
    .max(TEXT_LIMITS.messageBody, tooLongMessage("A message", TEXT_LIMITS.messageBody))
    .default(""),
});
