/**
 * Data scope (R-GEN-03). Agencies carry a materialised path of ids from the root
 * ("/a/b/c/"); an agency's subtree is every agency whose path starts with its own.
 */
export function agencyPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? "/"}${id}/`;
}

export function isInSubtree(ancestorPath: string, path: string): boolean {
  return path.startsWith(ancestorPath);
}
