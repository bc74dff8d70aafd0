import { FILING_STANDS } from './category-repository';

/**
 * The photos filed into one category of a set (a filing whose copy or move was undone does not
 * count), as one SQL condition over `photos` with its named parameters.
 */
export function categoryMembersClause(category: { set: string; name: string }, params: Record<string, string | number>): string {
  params['categorySet'] = category.set;
  params['categoryName'] = category.name;
  return `photos.id IN (SELECT category_photos.photo_id FROM category_photos
            JOIN categories ON categories.id = category_photos.category_id
            JOIN category_sets ON category_sets.id = categories.set_id
          WHERE category_sets.name = @categorySet AND categories.name = @categoryName AND ${FILING_STANDS})`;
}
