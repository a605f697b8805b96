import { pageWindow } from '../../server/domain/paging';

test('a page asked for is kept between the first and the last, and its offset follows', () => {
  expect(pageWindow(125, 100, 2)).toEqual({ page: 2, pages: 2, total: 125, offset: 100 });
  expect(pageWindow(125, 100, 999)).toEqual({ page: 2, pages: 2, total: 125, offset: 100 });
  expect(pageWindow(125, 100, 0)).toEqual({ page: 1, pages: 2, total: 125, offset: 0 });
  expect(pageWindow(125, 100, Number.NaN)).toEqual({ page: 1, pages: 2, total: 125, offset: 0 });
  expect(pageWindow(100, 100, 2)).toEqual({ page: 1, pages: 1, total: 100, offset: 0 });
});

test('an empty list has one empty page', () => {
  expect(pageWindow(0, 50, 3)).toEqual({ page: 1, pages: 1, total: 0, offset: 0 });
});
