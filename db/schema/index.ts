export * from "./enums";
export * from "./teams";
export * from "./users";
export * from "./sessions";
export * from "./invitations";
export * from "./audit-log";
export * from "./auth-throttle";
