export * from "./enums.ts";
export * from "./scope.ts";
export * from "./calendar.ts";
export * from "./qualification.ts";
export * from "./major.ts";
export * from "./merkle.ts";
