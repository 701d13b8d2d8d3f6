import { provisionEnterprise, registerPerson } from './support/api'
import { expect, expectAccessible, signIn, test } from './support/fixtures'

// axe-core on every page of the account centre: no serious or critical violation.
const publicPages = ['/login', '/register', '/forgot-password']
const enterprisePages = [
  '/enterprise/info', '/handlers/add', '/handlers/pending', '/handlers/existing', '/handlers/applications', '/handlers/history',
  '/me/info', '/me/password', '/me/phones', '/me/maintenance', '/agencies', '/switch/enterprise', '/switch/personal', '/switch/cross-region', '/logs',
]
const personalPages = ['/person/authorizations', '/person/applications', '/person/enterprises', '/me/deregistration', '/me/logs']

// Each test visits many pages and runs axe on each: minutes on a busy machine, not one.
test.describe.configure({ timeout: 300_000 })

test('public pages are accessible', async ({ page }) => {
  for (const path of publicPages) {
    await page.goto(path)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expectAccessible(page, path)
  }
  await page.goto('/login')
  await page.getByRole('tab', { name: '扫码登录' }).click()
  await expect(page.getByTestId('qr-code')).toBeVisible()
  await expectAccessible(page, '/login (扫码登录)')
})

test('enterprise pages are accessible', async ({ page }) => {
  const enterprise = await provisionEnterprise()
  await signIn(page, enterprise.legalRepresentative, enterprise)
  for (const path of enterprisePages) {
    await page.getByRole('navigation', { name: '功能菜单' }).locator(`li[role=menuitem]`).first().waitFor()
    await page.evaluate((target) => window.history.pushState({}, '', target), path)
    await page.evaluate(() => window.dispatchEvent(new PopStateEvent('popstate')))
    await expect(page).toHaveURL(new RegExp(`${path}$`))
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await page.waitForLoadState('networkidle')
    await expectAccessible(page, path)
  }
})

test('personal pages are accessible', async ({ page }) => {
  const person = await registerPerson()
  await signIn(page, person)
  for (const path of personalPages) {
    await page.evaluate((target) => window.history.pushState({}, '', target), path)
    await page.evaluate(() => window.dispatchEvent(new PopStateEvent('popstate')))
    await expect(page).toHaveURL(new RegExp(`${path}$`))
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await page.waitForLoadState('networkidle')
    await expectAccessible(page, path)
  }
})
