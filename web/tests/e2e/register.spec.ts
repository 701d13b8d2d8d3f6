import { expectStatus, latestCode, operatorKey, password, personName, phone, registerPerson, residentId } from './support/api'
import { choose, dragSlider, expect, message, openMenu, signIn, test } from './support/fixtures'

async function fillBasics(page: import('@playwright/test').Page, person: { name: string; idNumber: string; phone: string }) {
  await page.goto('/register')
  await page.getByLabel('姓名').fill(person.name)
  await choose(page, '证件类型', '居民身份证')
  await page.getByLabel('证件号码').fill(person.idNumber)
  await page.getByLabel('手机号码').fill(person.phone)
  await dragSlider(page)
  await page.getByRole('button', { name: '获取验证码' }).click()
  await page.getByLabel('短信验证码').fill(await latestCode(person.phone))
  await page.getByLabel('设置密码').fill(password)
  await page.getByLabel('确认密码').fill(password)
  await page.getByRole('button', { name: '下一步' }).click()
}

test.describe('用户注册 and 找回密码 (A1, A10)', () => {
  test('registration with the tax office registration code, then login', async ({ page }) => {
    const person = { name: personName(), idNumber: residentId(), phone: phone() }
    const { registrationCode } = await expectStatus('POST', `/api/operator/persons/residentIdCard/${person.idNumber}/registration-code`, 201, undefined, { 'X-Operator-Key': operatorKey })
    await fillBasics(page, person)
    await page.getByRole('radio', { name: '注册码' }).click({ force: true })
    await page.getByRole('textbox', { name: '注册码' }).fill(registrationCode)
    await page.getByRole('button', { name: '注册', exact: true }).click()
    await expect(page.getByText('注册成功').first()).toBeVisible()
    await signIn(page, { phone: person.phone, password })
    await expect(page.getByTestId('current-identity')).toHaveText('个人业务')
  })

  test('registration with a face check completed in the development panel', async ({ page }) => {
    const person = { name: personName(), idNumber: residentId(), phone: phone() }
    await fillBasics(page, person)
    await page.getByRole('button', { name: '扫码认证' }).click()
    await expect(page.getByTestId('face-check').getByTestId('qr-code')).toBeVisible()
    await page.getByTestId('dev-panel').getByRole('button', { name: /开发面板/ }).click()
    const check = page.getByTestId('dev-face').first()
    await expect(check.getByLabel('证件号码')).toHaveValue(person.idNumber)
    await check.getByRole('button', { name: '完成扫脸（通过）' }).click()
    await expect(page.getByText('扫脸验证通过')).toBeVisible()
    await page.getByRole('button', { name: '注册', exact: true }).click()
    await expect(page.getByText('注册成功').first()).toBeVisible()
    // Proven by face: real-name level 4, explained in 个人基本信息.
    await signIn(page, { phone: person.phone, password })
    await openMenu(page, '个人基本信息')
    await expect(page.getByTestId('real-name-level')).toHaveText('4级（四级实名）')
    await expect(page.getByTestId('real-name-levels').locator('li[aria-current="true"]')).toContainText('四级实名')
  })

  test('without a face-verification provider the pages offer no 扫脸 option, only the registration code and SMS', async ({ page }) => {
    // The catalogue as a deployment with Face__Provider None answers it.
    await page.route('**/api/catalog/verification-methods', (route) =>
      route.fulfill({ json: { sms: true, face: { offered: false, provider: 'none', idTypes: [] }, registrationCode: true } }),
    )
    const person = { name: personName(), idNumber: residentId(), phone: phone() }
    await fillBasics(page, person)
    await expect(page.getByRole('textbox', { name: '注册码' })).toBeVisible()
    await expect(page.getByRole('radio', { name: '扫脸认证' })).toHaveCount(0)
    await expect(page.getByRole('button', { name: '扫码认证' })).toHaveCount(0)

    await page.goto('/login')
    await page.getByRole('link', { name: '忘记密码' }).click()
    await page.getByLabel('姓名').fill(person.name)
    await page.getByLabel('证件号码').fill(person.idNumber)
    await page.getByRole('button', { name: '下一步' }).click()
    await expect(page.getByLabel('短信验证码')).toBeVisible()
    await expect(page.getByRole('radio', { name: '扫脸验证' })).toHaveCount(0)
  })

  test('an ID already registered is refused in Chinese', async ({ page }) => {
    const existing = await registerPerson()
    const { registrationCode } = await expectStatus('POST', `/api/operator/persons/residentIdCard/${existing.idNumber}/registration-code`, 201, undefined, { 'X-Operator-Key': operatorKey })
    await fillBasics(page, { name: existing.name, idNumber: existing.idNumber, phone: phone() })
    await page.getByRole('radio', { name: '注册码' }).click({ force: true })
    await page.getByRole('textbox', { name: '注册码' }).fill(registrationCode)
    await page.getByRole('button', { name: '注册', exact: true }).click()
    await expect(message(page, '该证件号码、手机号码或用户名已被注册')).toBeVisible()
  })

  test('forgot password: ID, SMS code to the default phone, new password, then login with it', async ({ page }) => {
    const person = await registerPerson()
    await page.goto('/login')
    await page.getByRole('link', { name: '忘记密码' }).click()
    await page.getByLabel('姓名').fill(person.name)
    await page.getByLabel('证件号码').fill(person.idNumber)
    await page.getByRole('button', { name: '下一步' }).click()
    await dragSlider(page)
    const before = new Date().toISOString()
    await page.getByRole('button', { name: '获取验证码' }).click()
    await page.getByLabel('短信验证码').fill(await latestCode(person.phone, before))
    await page.getByRole('button', { name: '下一步' }).click()
    const newPassword = 'Reset#2026pass'
    await page.getByLabel('新密码', { exact: true }).fill(newPassword)
    await page.getByLabel('确认新密码').fill(newPassword)
    await page.getByRole('button', { name: '确定' }).click()
    await expect(message(page, '密码重置成功')).toBeVisible()
    await signIn(page, { phone: person.phone, password: newPassword })
  })
})
