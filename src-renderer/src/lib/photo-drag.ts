/** Thumbnails dragged from the grid onto a tag or a category set carry their ids and paths. */
export const PHOTO_DRAG_TYPE = 'application/x-lumen-photos';

export interface DraggedPhoto {
  id: number;
  path: string;
}

export function carriesPhotos(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes(PHOTO_DRAG_TYPE) ?? false;
}

/** OS files (not our own thumbnails, which Chromium may also offer as files). */
export function carriesFiles(event: DragEvent): boolean {
  const types = event.dataTransfer?.types ?? [];
  return types.includes('Files') && !types.includes(PHOTO_DRAG_TYPE);
}

export function draggedPhotos(event: DragEvent): DraggedPhoto[] {
  const text = event.dataTransfer?.getData(PHOTO_DRAG_TYPE) ?? '';
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.filter((p): p is DraggedPhoto => typeof p === 'object' && p !== null && typeof p.id === 'number' && typeof p.path === 'string');
  } catch {
    return [];
  }
}
