import { requiredFunctions, type GuardedOperation } from '@/api/required-functions'
import { hasFunction, session } from '@/session'

// The account centre's menus, as the manual names them. An entry whose page is built on an operation that needs a
// function (D10) names that operation; the function comes from the API's own declaration (x-required-function,
// generated into required-functions.ts), never written here again. Each entry also says the kinds of identity it is
// for; the menu shows only what the current identity may use, and the router refuses the rest.
export type MenuItem = { title: string; path: string; api?: GuardedOperation; for: 'enterprise' | 'personal' | 'any' }
export type MenuGroup = { title: string; items: MenuItem[] }

export const menuGroups: MenuGroup[] = [
  { title: '企业信息管理', items: [{ title: '企业基本信息', path: '/enterprise/info', for: 'enterprise' }] },
  {
    title: '人员权限管理',
    items: [
      { title: '添加办税人员', path: '/handlers/add', api: 'POST /api/enterprise/invitations', for: 'enterprise' },
      { title: '待确认办税人员', path: '/handlers/pending', api: 'GET /api/enterprise/invitations', for: 'enterprise' },
      { title: '现有办税人员', path: '/handlers/existing', api: 'GET /api/enterprise/handlers', for: 'enterprise' },
      { title: '办税人员申请审核', path: '/handlers/applications', api: 'GET /api/enterprise/applications', for: 'enterprise' },
      { title: '历史管理信息', path: '/handlers/history', api: 'GET /api/enterprise/history', for: 'enterprise' },
      { title: '待确认授权', path: '/person/authorizations', for: 'personal' },
      { title: '申请成为办税人', path: '/person/applications', for: 'personal' },
      { title: '已授权企业', path: '/person/enterprises', for: 'personal' },
    ],
  },
  {
    title: '个人信息管理',
    items: [
      { title: '个人基本信息', path: '/me/info', for: 'any' },
      { title: '个人密码修改', path: '/me/password', for: 'any' },
      { title: '手机号码修改', path: '/me/phones', for: 'any' },
      { title: '个人信息维护', path: '/me/maintenance', for: 'any' },
      { title: '用户注销', path: '/me/deregistration', for: 'personal' },
    ],
  },
  { title: '我的代理', items: [{ title: '我的代理机构', path: '/agencies', api: 'GET /api/enterprise/agencies', for: 'enterprise' }] },
  {
    title: '身份切换',
    items: [
      { title: '企业办税', path: '/switch/enterprise', for: 'any' },
      { title: '个人办税', path: '/switch/personal', for: 'enterprise' },
      { title: '跨区域办税', path: '/switch/cross-region', for: 'enterprise' },
    ],
  },
  {
    title: '日志管理',
    items: [
      { title: '登录日志查询', path: '/logs', api: 'GET /api/enterprise/login-logs', for: 'enterprise' },
      { title: '我的登录日志', path: '/me/logs', for: 'personal' },
    ],
  },
]

/** The function (D10) the entry's page needs, as its operation declares it. */
export const functionOf = (item: Pick<MenuItem, 'api'>): string | undefined => (item.api ? requiredFunctions[item.api] : undefined)

export function allowed(item: Pick<MenuItem, 'api' | 'for'>): boolean {
  const kind = session.current?.kind
  if (!kind) return false
  const personal = kind === 'personal'
  if (item.for === 'enterprise' && personal) return false
  if (item.for === 'personal' && !personal) return false
  const needed = functionOf(item)
  return needed ? hasFunction(needed) : true
}

export function visibleMenus(): MenuGroup[] {
  return menuGroups.map((group) => ({ ...group, items: group.items.filter(allowed) })).filter((group) => group.items.length > 0)
}

/** Where a signed-in person lands: the manual's default page of the identity. */
export const homePath = () => (session.current?.kind === 'personal' ? '/me/info' : '/enterprise/info')
