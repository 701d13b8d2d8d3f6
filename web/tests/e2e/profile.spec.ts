import { captcha, latestCode, phone, registerPerson, request } from './support/api'
import { expect, message, openMenu, signIn, test } from './support/fixtures'

// 个人信息管理 and 用户注销 (F1-F9).
test.describe('个人信息管理 (F1-F9)', () => {
  test.beforeEach(async () => {
  })

  test('basic info shows the person masked: no full ID number or phone', async ({ page }) => {
    const person = await registerPerson()
    await signIn(page, person)
    await openMenu(page, '个人基本信息')
    const basic = page.getByTestId('me-basic')
    await expect(basic).toBeVisible()
    const text = (await page.locator('main').innerText()).replace(/\s/g, '')
    expect(text).not.toContain(person.idNumber)
    expect(text).not.toContain(person.phone)
    expect(text).toContain(person.phone.slice(-4))
    // Registered with a registration code: level 1, and what every level allows.
    await expect(page.getByTestId('real-name-level')).toHaveText('1级（一级实名）')
    await expect(page.getByTestId('real-name-levels').locator('li')).toHaveCount(5)
    await expect(page.getByTestId('real-name-levels').locator('li[aria-current="true"]')).toContainText('一级实名')
  })

  test('phones: add a number (both proved by SMS), set it as default, delete the old one', async ({ page }) => {
    const person = await registerPerson()
    const second = phone()
    await signIn(page, person)
    await openMenu(page, '手机号码修改')
    await page.getByRole('button', { name: '添加手机号+' }).click()
    const dialog = page.getByRole('dialog', { name: '添加手机号' })
    let before = new Date().toISOString()
    await dialog.getByRole('button', { name: '获取验证码' }).click()
    await dialog.getByLabel('短信验证码').fill(await latestCode(person.phone, before))
    await dialog.getByRole('button', { name: '下一步' }).click()
    await dialog.getByLabel('新手机号', { exact: true }).fill(second)
    await dialog.getByRole('button', { name: '获取验证码' }).click()
    await dialog.getByLabel('新手机号短信验证码').fill(await latestCode(second))
    await dialog.getByRole('button', { name: '确定' }).click()
    await expect(message(page, '添加手机号码成功')).toBeVisible()

    const table = page.getByTestId('phones-table')
    const added = table.locator('tr', { hasText: second.slice(-4) })
    await added.getByRole('button', { name: '设置为默认' }).click()
    await expect(message(page, '设置默认手机号码成功')).toBeVisible()
    await expect(added).toContainText('默认')

    const old = table.locator('tr', { hasText: person.phone.slice(-4) })
    await old.getByRole('button', { name: '删除' }).click()
    const remove = page.getByRole('dialog', { name: '删除手机号码' })
    before = new Date().toISOString()
    await remove.getByRole('button', { name: '获取验证码' }).click()
    await remove.getByLabel('短信验证码').fill(await latestCode(second, before))
    await remove.getByRole('button', { name: '确定' }).click()
    await expect(message(page, '删除手机号码成功')).toBeVisible()
    await expect(table).not.toContainText(person.phone.slice(-4))
  })

  test('password change by the old password, then sign in again with the new one', async ({ page }) => {
    const person = await registerPerson()
    await signIn(page, person)
    await openMenu(page, '个人密码修改')
    const newPassword = 'Changed#2026pw'
    await page.getByLabel('原密码').fill(person.password)
    await page.getByLabel('新密码', { exact: true }).fill(newPassword)
    await page.getByLabel('确认新密码').fill(newPassword)
    await page.getByRole('button', { name: '确定' }).click()
    await expect(message(page, '密码修改成功')).toBeVisible()
    await page.getByRole('button', { name: '退出' }).click()
    await signIn(page, { phone: person.phone, password: newPassword })
  })

  test('maintenance: e-mail and address saved', async ({ page }) => {
    const person = await registerPerson()
    await signIn(page, person)
    await openMenu(page, '个人信息维护')
    await page.getByRole('tab', { name: '邮箱地址修改' }).click()
    await page.getByLabel('新邮箱地址').fill('zhaxi@example.cn')
    await page.getByRole('button', { name: '确认' }).first().click()
    await expect(message(page, '邮箱地址修改成功')).toBeVisible()
    await page.getByRole('tab', { name: '用户住址修改' }).click()
    await page.getByLabel('新用户住址').fill('西藏自治区拉萨市城关区北京中路1号')
    await page.getByRole('tabpanel', { name: '用户住址修改' }).getByRole('button', { name: '确认' }).click()
    await expect(message(page, '用户住址修改成功')).toBeVisible()
  })

  test('deregistration: agreement, SMS code, then the account is gone', async ({ page }) => {
    const person = await registerPerson()
    await signIn(page, person)
    await openMenu(page, '用户注销')
    await page.getByText('我已阅读并同意注销确认协议').click()
    await page.getByRole('button', { name: '确认注销' }).click()
    const before = new Date().toISOString()
    await page.getByRole('button', { name: '获取验证码' }).click()
    await page.getByLabel('短信验证码').fill(await latestCode(person.phone, before))
    await page.getByRole('button', { name: '确定' }).click()
    await expect(page).toHaveURL(/\/login/)
    const login = await request('POST', '/api/auth/login', { mode: 'personal', account: person.phone, password: person.password, captcha: await captcha() })
    expect(login.status).toBe(401)
  })
})
