import type { Router } from 'vue-router'
import { api, type Schemas } from '@/api/client'
import { call } from '@/api/problems'
import { setSession } from '@/session'
import { homePath } from '@/menus'
import { showError, showSuccess } from './feedback'

/** H1-H3: switches the session's current identity and opens that identity's home page. */
export async function switchTo(router: Router, body: Schemas['SwitchRequest']) {
  try {
    setSession(await call(api.POST('/api/auth/switch', { body }), { not_found: '该身份已失效或不存在', forbidden: '您没有该身份' }))
    showSuccess('身份切换成功')
    await router.push(homePath())
  } catch (error) {
    showError(error)
  }
}
