import { hasFunction, session } from '@/session'

// The account centre's menus, as the manual names them. Each entry names the function (D10) the current
// identity's function set must hold, and the kinds of identity it is for; the menu shows only what the current
// identity may use, and the router refuses the rest.
export type MenuItem = { title: string; path: string; function?: string; for: 'enterprise' | 'personal' | 'any' }
export type MenuGroup = { title: string; items: MenuItem[] }

export const menuGroups: MenuGroup[] = [
  { title: '企业信息管理', items: [{ title: '企业基本信息', path: '/enterprise/info', for: 'enterprise' }] },
  {
    title: '人员权限管理',
    items: [
      { title: '添加办税人员', path: '/handlers/add', function: 'handlerManagement', for: 'enterprise' },
      { title: '待确认办税人员', path: '/handlers/pending', function: 'handlerManagement', for: 'enterprise' },
      { title: '现有办税人员', path: '/handlers/existing', function: 'handlerManagement', for: 'enterprise' },
      { title: '办税人员申请审核', path: '/handlers/applications', function: 'handlerManagement', for: 'enterprise' },
      { title: '历史管理信息', path: '/handlers/history', function: 'handlerManagement', for: 'enterprise' },
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
  { title: '我的代理', items: [{ title: '我的代理机构', path: '/agencies', function: 'myAgencies', for: 'enterprise' }] },
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
      { title: '登录日志查询', path: '/logs', function: 'loginLogs', for: 'enterprise' },
      { title: '我的登录日志', path: '/me/logs', for: 'personal' },
    ],
  },
]

export function allowed(item: Pick<MenuItem, 'function' | 'for'>): boolean {
  const kind = session.current?.kind
  if (!kind) return false
  const personal = kind === 'personal'
  if (item.for === 'enterprise' && personal) return false
  if (item.for === 'personal' && !personal) return false
  return item.function ? hasFunction(item.function) : true
}

export function visibleMenus(): MenuGroup[] {
  return menuGroups.map((group) => ({ ...group, items: group.items.filter(allowed) })).filter((group) => group.items.length > 0)
}

/** Where a signed-in person lands: the manual's default page of the identity. */
export const homePath = () => (session.current?.kind === 'personal' ? '/me/info' : '/enterprise/info')
