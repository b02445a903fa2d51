// What a toast says: the one shape the server writes into the flash cookie and the page shows.
// No `.server` suffix, so components may import the type; it holds no secrets and reads nothing.
import { z } from "zod";

/** How long a toast may be, in characters: a sentence or two, never a document. */
export const TOAST_MESSAGE_LIMIT = 300;
/** At most this many links under a toast (the shifts a leave approval affects, say). */
export const TOAST_LINK_LIMIT = 12;

export const ToastSchema = z.object({
  /** "success" for something done, "error" for something refused or failed. */
  kind: z.enum(["success", "error"]),
  /** What is true now, in the user's words: "Published. 16 people have been told." */
  message: z.string().min(1).max(TOAST_MESSAGE_LIMIT),
  /** Paths on this site (never another origin) with their link text. */
  links: z
    .array(
      z.object({
        to: z
          .string()
          .max(300)
          .regex(/^\/(?![/\\])/),
        label: z.string().min(1).max(120),
      }),
    )
    .max(TOAST_LINK_LIMIT)
    .optional(),
});

/** A visible, announced result of an action: shown at the top of the page, where focus goes. */
export type Toast = z.infer<typeof ToastSchema>;
