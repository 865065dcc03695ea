/** Vault paths as the contract has them: '/'-separated segments, '' for the top folder. */

export function joinPath(folder: string, name: string): string {
  return folder ? `${folder}/${name}` : name;
}

export function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? '' : path.slice(0, cut);
}

export function pathSegments(path: string): string[] {
  return path ? path.split('/') : [];
}

/** Why a name cannot be a file or folder name, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (!name.trim()) return 'Type a name.';
  if (name.includes('/')) return 'A name cannot contain “/”.';
  if (name === '.' || name === '..') return 'Choose another name.';
  return undefined;
}
