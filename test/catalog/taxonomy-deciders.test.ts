import { describe, expect, it } from 'vitest';
import { brandDecider } from '../../server/src/catalog/brand-decider';
import { categoryDecider } from '../../server/src/catalog/category-decider';
import { classificationDecider } from '../../server/src/catalog/classification-decider';
import type { BrandEvent, CategoryEvent, ClassificationEvent } from '../../server/src/catalog/taxonomy-events';
import { BadUserInputError, ConflictError, NotFoundError } from '../../server/src/shared/errors';
import { scenariosFor } from '../support/decider';

const acme = '11111111-1111-4111-8111-111111111111';
const globex = '22222222-2222-4222-8222-222222222222';
const apparel = '33333333-3333-4333-8333-333333333333';
const shirts = '44444444-4444-4444-8444-444444444444';
const mugs = '55555555-5555-4555-8555-555555555555';
const productId = '66666666-6666-4666-8666-666666666666';

describe('brands', () => {
  const { given } = scenariosFor(brandDecider);
  const acmeCreated: BrandEvent = { type: 'BrandCreated', data: { brandId: acme, name: 'Acme' } };

  it('creates a brand with a trimmed name', () => {
    given([]).when({ type: 'CreateBrand', brandId: acme, name: '  Acme ' }).then([acmeCreated]);
  });

  it('refuses a name another brand has, whatever its case', () => {
    const error = given([acmeCreated]).when({ type: 'CreateBrand', brandId: globex, name: 'ACME' }).thenRejects(ConflictError, 'CONFLICT');
    expect(error.details).toMatchObject({ field: 'name', brandId: acme });
  });

  it.each([
    ['empty', ''],
    ['blank', '  '],
    ['longer than 100 characters', 'x'.repeat(101)],
    ['holding a NUL', 'Ac\u0000me'],
  ])('refuses a name that is %s', (_label, name) => {
    const error = given([]).when({ type: 'CreateBrand', brandId: acme, name }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    expect(error.details).toEqual({ field: 'name' });
  });

  it('renames, remembering the previous name', () => {
    given([acmeCreated]).when({ type: 'RenameBrand', brandId: acme, name: 'Acme Corp' }).then([{ type: 'BrandRenamed', data: { brandId: acme, name: 'Acme Corp', previousName: 'Acme' } }]);
  });

  it("lets a brand change its own name's case, and appends nothing for the same name", () => {
    given([acmeCreated]).when({ type: 'RenameBrand', brandId: acme, name: 'ACME' }).then([{ type: 'BrandRenamed', data: { brandId: acme, name: 'ACME', previousName: 'Acme' } }]);
    given([acmeCreated]).when({ type: 'RenameBrand', brandId: acme, name: ' Acme ' }).thenNothing();
  });

  it("refuses to rename to another brand's name, and to rename an unknown brand", () => {
    const globexCreated: BrandEvent = { type: 'BrandCreated', data: { brandId: globex, name: 'Globex' } };
    given([acmeCreated, globexCreated]).when({ type: 'RenameBrand', brandId: globex, name: 'acme' }).thenRejects(ConflictError, 'CONFLICT');
    given([acmeCreated]).when({ type: 'RenameBrand', brandId: globex, name: 'Globex' }).thenRejects(NotFoundError, 'NOT_FOUND');
  });

  it('frees a name once its brand is renamed', () => {
    const renamed: BrandEvent = { type: 'BrandRenamed', data: { brandId: acme, name: 'Acme Corp', previousName: 'Acme' } };
    given([acmeCreated, renamed]).when({ type: 'CreateBrand', brandId: globex, name: 'Acme' }).then([{ type: 'BrandCreated', data: { brandId: globex, name: 'Acme' } }]);
  });
});

describe('categories', () => {
  const { given } = scenariosFor(categoryDecider);
  const apparelCreated: CategoryEvent = { type: 'CategoryCreated', data: { categoryId: apparel, name: 'Apparel', parentId: null } };
  const shirtsCreated: CategoryEvent = { type: 'CategoryCreated', data: { categoryId: shirts, name: 'Shirts', parentId: apparel } };

  it('creates top-level categories and categories under a parent', () => {
    given([]).when({ type: 'CreateCategory', categoryId: apparel, name: ' Apparel', parentId: null }).then([apparelCreated]);
    given([apparelCreated]).when({ type: 'CreateCategory', categoryId: shirts, name: 'Shirts', parentId: apparel }).then([shirtsCreated]);
  });

  it('refuses an unknown parent', () => {
    given([]).when({ type: 'CreateCategory', categoryId: shirts, name: 'Shirts', parentId: apparel }).thenRejects(NotFoundError, 'NOT_FOUND');
  });

  it('keeps names unique among siblings only', () => {
    given([apparelCreated, shirtsCreated]).when({ type: 'CreateCategory', categoryId: mugs, name: 'SHIRTS', parentId: apparel }).thenRejects(ConflictError, 'CONFLICT');
    // The same name at another level is another category.
    given([apparelCreated, shirtsCreated])
      .when({ type: 'CreateCategory', categoryId: mugs, name: 'Shirts', parentId: null })
      .then([{ type: 'CategoryCreated', data: { categoryId: mugs, name: 'Shirts', parentId: null } }]);
  });

  it('renames within its level, refusing a sibling name, an unknown category and a bad name', () => {
    given([apparelCreated, shirtsCreated])
      .when({ type: 'RenameCategory', categoryId: shirts, name: 'Tees' })
      .then([{ type: 'CategoryRenamed', data: { categoryId: shirts, name: 'Tees', previousName: 'Shirts' } }]);
    given([apparelCreated, shirtsCreated]).when({ type: 'RenameCategory', categoryId: shirts, name: 'Shirts' }).thenNothing();
    // "Apparel" is the parent, not a sibling: the name is free at this level.
    given([apparelCreated, shirtsCreated])
      .when({ type: 'RenameCategory', categoryId: shirts, name: 'Apparel' })
      .then([{ type: 'CategoryRenamed', data: { categoryId: shirts, name: 'Apparel', previousName: 'Shirts' } }]);
    const mugsCreated: CategoryEvent = { type: 'CategoryCreated', data: { categoryId: mugs, name: 'Mugs', parentId: null } };
    given([apparelCreated, mugsCreated]).when({ type: 'RenameCategory', categoryId: mugs, name: 'apparel' }).thenRejects(ConflictError, 'CONFLICT');
    given([]).when({ type: 'RenameCategory', categoryId: mugs, name: 'Mugs' }).thenRejects(NotFoundError, 'NOT_FOUND');
    given([apparelCreated]).when({ type: 'RenameCategory', categoryId: apparel, name: '' }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });
});

describe('product classification', () => {
  const { given } = scenariosFor(classificationDecider);
  const acmeAssigned: ClassificationEvent = { type: 'ProductBrandAssigned', data: { productId, brandId: acme, previousBrandId: null } };
  const inShirts: ClassificationEvent = { type: 'ProductCategoryAdded', data: { productId, categoryId: shirts } };

  it('assigns a brand, changes it and clears it, each recording the brand before', () => {
    given([]).when({ type: 'SetProductBrand', productId, brandId: acme }).then([acmeAssigned]);
    given([acmeAssigned])
      .when({ type: 'SetProductBrand', productId, brandId: globex })
      .then([{ type: 'ProductBrandAssigned', data: { productId, brandId: globex, previousBrandId: acme } }]);
    given([acmeAssigned]).when({ type: 'SetProductBrand', productId, brandId: null }).then([{ type: 'ProductBrandCleared', data: { productId, previousBrandId: acme } }]);
  });

  it('appends nothing when the brand is already the one asked for, or there is none to clear', () => {
    given([acmeAssigned]).when({ type: 'SetProductBrand', productId, brandId: acme }).thenNothing();
    given([]).when({ type: 'SetProductBrand', productId, brandId: null }).thenNothing();
  });

  it('adds and removes categories, each once', () => {
    given([]).when({ type: 'AddProductCategory', productId, categoryId: shirts }).then([inShirts]);
    given([inShirts]).when({ type: 'AddProductCategory', productId, categoryId: mugs }).then([{ type: 'ProductCategoryAdded', data: { productId, categoryId: mugs } }]);
    given([inShirts]).when({ type: 'AddProductCategory', productId, categoryId: shirts }).thenNothing();
    given([inShirts]).when({ type: 'RemoveProductCategory', productId, categoryId: shirts }).then([{ type: 'ProductCategoryRemoved', data: { productId, categoryId: shirts } }]);
    given([inShirts]).when({ type: 'RemoveProductCategory', productId, categoryId: mugs }).thenNothing();
  });

  it('folds to the brand and categories left', () => {
    const state = [acmeAssigned, inShirts, { type: 'ProductCategoryAdded', data: { productId, categoryId: mugs } }, { type: 'ProductCategoryRemoved', data: { productId, categoryId: shirts } }, { type: 'ProductBrandCleared', data: { productId, previousBrandId: acme } }] as ClassificationEvent[];
    expect(state.reduce(classificationDecider.evolve, classificationDecider.initialState())).toEqual({ brandId: null, categoryIds: [mugs] });
  });
});
