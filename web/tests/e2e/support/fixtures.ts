import { test as base, expect, type Page, type Browser } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import type { Enterprise, Person } from './api'

// Every browser test runs under these guards: no request leaves the app's own origin, the page's
// Content-Security-Policy is never violated and no page error goes unnoticed.
type Guards = { guarded: void }

export async function guard(page: Page, origin: string) {
  const problems: string[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) problems.push(`request to another origin: ${request.url()}`)
  })
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  return problems
}

export const test = base.extend<Guards>({
  guarded: [
    async ({ page, baseURL }, use) => {
      const problems = await guard(page, new URL(baseURL!).origin)
      await use()
      expect(problems, 'requests to other origins, CSP violations or page errors').toEqual([])
    },
    { auto: true },
  ],
})

export { expect }

/** axe-core on the page as it is: no serious or critical violation (WCAG 2.x A and AA rules). */
export async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`)
  expect(serious, `accessibility of ${what}`).toEqual([])
}

/** Drags the slider captcha to the right end, as a person does, and waits for 验证通过. */
export async function dragSlider(page: Page) {
  const thumb = page.getByRole('slider', { name: '拖动滑块完成验证' })
  const track = page.getByTestId('slider-captcha')
  await track.scrollIntoViewIfNeeded()
  const box = (await thumb.boundingBox())!
  const trackBox = (await track.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.down()
  await page.mouse.move(box.x + trackBox.width / 2, box.y + box.height / 2, { steps: 5 })
  await page.mouse.move(trackBox.x + trackBox.width + 20, box.y + box.height / 2, { steps: 5 })
  await page.mouse.up()
  await expect(track).toContainText('验证通过')
}

export const modeLabels = { enterprise: '企业业务登录', specificSubject: '特定主体登录', nonResident: '非居民企业登录', personal: '自然人业务登录' } as const

/** Signs in through the login page with a password. */
export async function signIn(page: Page, person: Pick<Person, 'phone' | 'password'>, enterprise?: Pick<Enterprise, 'creditCode'>, mode: keyof typeof modeLabels = enterprise ? 'enterprise' : 'personal') {
  await page.goto('/login')
  await page.getByRole('radio', { name: modeLabels[mode] }).click({ force: true })
  if (enterprise) await page.getByLabel('统一社会信用代码/纳税人识别号').fill(enterprise.creditCode)
  await page.getByLabel('手机号码/居民身份证号码/用户名').fill(person.phone)
  await page.getByLabel('个人用户密码').fill(person.password)
  await dragSlider(page)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('current-identity')).toBeVisible()
}

/** A second person's browser: a context of its own, under the same guards. */
export async function otherBrowser(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  const problems = await guard(page, new URL(baseURL).origin)
  return { context, page, problems }
}

/** Opens a console page through the side menu, as a person does. */
export async function openMenu(page: Page, title: string) {
  await page.getByRole('navigation', { name: '功能菜单' }).getByRole('menuitem', { name: title, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
}

/** The Element Plus message the page shows (success or error). */
export const message = (page: Page, text: string | RegExp) => page.locator('.el-message').filter({ hasText: text })

/** Picks an option of an Element Plus select, as a person does: opens it, clicks the option. */
export async function choose(page: Page, select: string, option: string) {
  await page.locator('.el-select__wrapper', { has: page.getByRole('combobox', { name: select }) }).click()
  await page.getByRole('option', { name: option, exact: true }).click()
  await expect(page.getByRole('listbox', { name: select })).toBeHidden()
}
