// An attachment as a page receives it (pure, so that components may import the type).

/** An attachment as the thread shows it: ids and sizes only, never a stored name. */
export type AttachmentView = {
  id: string;
  kind: "image" | "pdf";
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  thumbnailWidth: number | null;
  thumbnailHeight: number | null;
};
