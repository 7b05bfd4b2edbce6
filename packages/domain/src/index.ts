export * from "./enums.ts";
export * from "./scope.ts";
export * from "./calendar.ts";
