import { isAbsolute, relative, sep } from 'node:path';

/** True when `child` is `parent` or lies below it (both already resolved; a name like "..old" inside it included). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
