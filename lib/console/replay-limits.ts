/** A presenter note's length limit, apart from the schemas so the note editor loads without zod. */
export const NOTE_MAX_CHARS = 2000;
