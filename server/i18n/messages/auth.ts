import type { AreaMessages } from './types';

// Messages of the auth area: sign-in, sessions, second factor.
const messages: AreaMessages = {
  'zh-CN': {
    'auth.login.title': '纪委工作人员登录',
    'auth.login.email': '电子邮箱',
    'auth.login.password': '密码',
    'auth.login.submit': '登录',
    'auth.login.invalid': '邮箱或密码不正确，或账号暂被锁定。',
    'dashboard.welcome': '{name}，您好。',
  },
  en: {
    'auth.login.title': 'Committee sign-in',
    'auth.login.email': 'E-mail',
    'auth.login.password': 'Password',
    'auth.login.submit': 'Sign in',
    'auth.login.invalid': 'Wrong e-mail or password, or the account is temporarily locked.',
    'dashboard.welcome': 'Hello, {name}.',
  },
};
export default messages;
