import { EMAIL_MAX, isEmailAddress } from '../../server/domain/email-address';

// One rule for committee accounts and survey invitations: what either used to refuse, both refuse now.
describe('isEmailAddress', () => {
  it.each(['a@b.cn', 'zhang.san+jw@example.gov.cn', '李四@例子.中国'])('accepts %s', (address) => {
    expect(isEmailAddress(address)).toBe(true);
  });

  it.each([
    ['no @', 'zhangsan.example.cn'],
    ['two @', 'a@b@c.cn'],
    ['a space', 'zhang san@example.cn'],
    ['a header-breaking character', 'a@b.cn>,evil@x.cn'],
    ['a quoted comment', '"a"@b.cn'],
    ['a one-letter top-level part', 'a@b.c'],
    ['no dot in the domain', 'a@localhost'],
    ['a local part over 64', `${'x'.repeat(65)}@example.cn`],
  ])('refuses %s', (_why, address) => {
    expect(isEmailAddress(address)).toBe(false);
  });

  it('refuses an address longer than EMAIL_MAX and accepts one of exactly that length', () => {
    const domain = (n: number) => `${'d'.repeat(n - 3)}.cn`;
    const exact = `${'x'.repeat(64)}@${domain(EMAIL_MAX - 65)}`;
    expect(exact).toHaveLength(EMAIL_MAX);
    expect(isEmailAddress(exact)).toBe(true);
    expect(isEmailAddress(`${'x'.repeat(64)}@${domain(EMAIL_MAX - 64)}`)).toBe(false);
  });
});
