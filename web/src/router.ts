import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { session, signedIn, onSessionEnded } from '@/session'
import { allowed, homePath, menuGroups, type MenuItem } from '@/menus'
import LoginPage from './pages/login.vue'

const pages = import.meta.glob('./pages/**/*.vue')
const page = (name: string) => pages[`./pages/${name}.vue`]!

// Every menu entry is a route; its page file is named after the path (/handlers/add → pages/handlers/add.vue).
const consoleRoutes: RouteRecordRaw[] = menuGroups.flatMap((group) =>
  group.items.map((item) => ({
    path: item.path.slice(1),
    component: page(item.path.slice(1)),
    meta: { title: item.title, group: group.title, api: item.api, for: item.for },
  })),
)

const routes: RouteRecordRaw[] = [
  { path: '/login', component: LoginPage, meta: { title: '登录', public: true } },
  { path: '/register', component: page('register'), meta: { title: '用户注册', public: true } },
  { path: '/forgot-password', component: page('forgot-password'), meta: { title: '找回密码', public: true } },
  { path: '/agreement', component: page('agreement'), meta: { title: '服务协议重签' } },
  {
    path: '/',
    component: () => import('./layouts/ConsoleLayout.vue'),
    children: [{ path: '', redirect: () => homePath() }, ...consoleRoutes],
  },
  { path: '/:unknown(.*)*', component: page('not-found'), meta: { title: '页面不存在', public: true } },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach((to) => {
  if (to.meta.public) return true
  if (!signedIn()) return { path: '/login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  if (session.agreementRequired && to.path !== '/agreement') return '/agreement'
  if (to.meta.for && !allowed({ api: to.meta.api as MenuItem['api'], for: to.meta.for as MenuItem['for'] })) {
    return homePath()
  }
  return true
})

router.afterEach((to) => {
  document.title = `${(to.meta.title as string | undefined) ?? '账户中心'} - 统一身份管理平台`
})

onSessionEnded((reason) => {
  void router.push({ path: '/login', query: reason === 'expired' ? { expired: '1' } : {} })
})
