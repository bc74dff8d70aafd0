import { dot, unit } from './vector-math';

/** Cosine of image vectors above which two photos count as the same picture (re-encoded, resized, lightly edited). */
export const DUPLICATE_COSINE = 0.985;

export interface GroupablePhoto {
  photoId: number;
  contentHash: string;
  vector: Float32Array | undefined;
}

/**
 * Greedy grouping over a ranked list: each photo joins the first better-ranked group whose lead
 * has the same content or a vector at least `threshold` close; otherwise it leads a new group.
 * Returns groups in rank order, each as [lead, ...duplicates].
 */
export function groupNearDuplicates<T extends GroupablePhoto>(ranked: readonly T[], threshold = DUPLICATE_COSINE): T[][] {
  const groups: Array<{ members: T[]; unitVector: Float32Array | undefined }> = [];
  for (const photo of ranked) {
    const unitVector = photo.vector ? unit(photo.vector) : undefined;
    const group = groups.find(
      ({ members, unitVector: leadVector }) =>
        members[0]?.contentHash === photo.contentHash || (leadVector !== undefined && unitVector !== undefined && dot(leadVector, unitVector) >= threshold),
    );
    if (group) group.members.push(photo);
    else groups.push({ members: [photo], unitVector });
  }
  return groups.map((group) => group.members);
}
