import { apiLogin, expectStatus, provisionEnterprise, registerPerson } from './support/api'
import { expect, openMenu, signIn, test } from './support/fixtures'

test.describe('身份切换 and menus (H1, H2, D10)', () => {
  test('a person switches between enterprises and to personal business; the menu follows the function set', async ({ page }) => {
    const first = await provisionEnterprise()
    const person = first.legalRepresentative
    // A second enterprise where the same person is a tax clerk (invited and confirmed through the API).
    const second = await provisionEnterprise()
    const manager = await apiLogin(second.legalRepresentative, second)
    const auth = { Authorization: `Bearer ${manager.accessToken}` }
    const invitation = { name: person.name, idType: 'residentIdCard', idNumber: person.idNumber, identityType: 'taxClerk', functions: ['declarationPayment', 'queries'], validUntil: '2030-12-31' }
    await expectStatus('POST', '/api/enterprise/invitations', 201, { ...invitation, riskAcknowledged: true }, auth)
    const mine = await apiLogin(person)
    const [pending] = await expectStatus('GET', '/api/me/authorizations', 200, undefined, { Authorization: `Bearer ${mine.accessToken}` })
    await expectStatus('POST', `/api/me/authorizations/${pending.invitationId}/confirm`, 204, undefined, { Authorization: `Bearer ${mine.accessToken}` })

    await signIn(page, person, first)
    const menu = page.getByRole('navigation', { name: '功能菜单' })
    await expect(menu).toContainText('添加办税人员')
    await openMenu(page, '企业办税')
    await page.getByTestId('switch-elsewhere-table').getByRole('button', { name: '切换' }).click()
    await expect(page.getByTestId('current-identity')).toContainText('办税员')
    await expect(menu).not.toContainText('添加办税人员')
    await expect(menu).not.toContainText('登录日志查询')

    await openMenu(page, '个人办税')
    await page.getByRole('button', { name: '切换为个人' }).click()
    await expect(page.getByTestId('current-identity')).toHaveText('个人业务')
    await expect(menu).toContainText('待确认授权')
  })

  test('a page the current identity may not use is not reachable by its address, within the app', async ({ page }) => {
    const person = await registerPerson()
    await signIn(page, person)
    const before = page.url()
    // Navigate inside the single-page app (no reload, the session stays in memory), as a pasted link or a
    // history entry would: the router's guard refuses the page and lands on the identity's home instead.
    await page.evaluate(() => {
      history.pushState({}, '', '/handlers/add')
      dispatchEvent(new PopStateEvent('popstate'))
    })
    await expect(page).not.toHaveURL(/\/handlers\/add/)
    await expect(page).not.toHaveURL(/\/login/)
    await expect(page.getByRole('heading', { name: '添加办税人员' })).toHaveCount(0)
    await expect(page.getByTestId('current-identity')).toHaveText('个人业务')
    expect(before).not.toMatch(/\/handlers\/add/)
  })

  test('a reload signs in again: the token is never stored in the page', async ({ page }) => {
    const person = await registerPerson()
    await signIn(page, person)
    await page.goto('/handlers/add')
    await expect(page).toHaveURL(/\/login/)
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie)
    expect(stored).not.toMatch(/eyJ/)
  })
})
