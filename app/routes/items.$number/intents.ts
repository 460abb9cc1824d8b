/** The intents that change a comment already posted; their errors show above the thread. */
export const commentChangeIntents = ["comment-edit", "comment-delete", "comment-hide", "comment-unhide"] as const;
export type CommentChangeIntent = (typeof commentChangeIntents)[number];
