import { registerPerson } from './support/api'
import { expect, expectAccessible, openMenu, signIn, test } from './support/fixtures'

// A 375 px wide phone: the login page and the basic-info page fit the width and stay usable.
async function expectNoHorizontalScroll(page: import('@playwright/test').Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
}

test('375 px: the login page fits, is accessible and signs in', async ({ page }) => {
  const person = await registerPerson()
  await page.goto('/login')
  await expectNoHorizontalScroll(page)
  await expectAccessible(page, 'login at 375 px')
  await signIn(page, person)
  await expectNoHorizontalScroll(page)
})

test('375 px: basic info opens from the menu toggle, fits and is accessible', async ({ page }) => {
  const person = await registerPerson()
  await signIn(page, person)
  await page.getByRole('button', { name: '菜单' }).click()
  await openMenu(page, '个人基本信息')
  await expect(page.getByTestId('me-basic')).toBeVisible()
  await expectNoHorizontalScroll(page)
  await expectAccessible(page, 'basic info at 375 px')
})
