// Ideas and insights get different paper colours; text stays dark for contrast.
export const paper = { idea: "bg-amber-100 ring-amber-300", insight: "bg-sky-100 ring-sky-300" } as const;
