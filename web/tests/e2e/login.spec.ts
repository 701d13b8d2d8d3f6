import { appLogin, approveQr, expectStatus, latestCode, operatorKey, provisionEnterprise, registerPerson } from './support/api'
import { choose, dragSlider, expect, message, modeLabels, signIn, test } from './support/fixtures'

test.describe('登录 (A2-A7)', () => {
  test('enterprise business login with a password opens the enterprise account centre', async ({ page }) => {
    const enterprise = await provisionEnterprise()
    await signIn(page, enterprise.legalRepresentative, enterprise)
    await expect(page).toHaveURL(/\/enterprise\/info$/)
    await expect(page.getByTestId('current-identity')).toContainText('法定代表人')
    await expect(page.getByRole('navigation', { name: '功能菜单' })).toContainText('添加办税人员')
  })

  test('specific-subject login names the subject type', async ({ page }) => {
    const enterprise = await provisionEnterprise({ specificSubjectTypes: ['crossRegionTaxSource'] })
    await page.goto('/login')
    await page.getByRole('radio', { name: modeLabels.specificSubject }).click({ force: true })
    await choose(page, '特定主体类型', '跨区税源登记纳税人')
    await page.getByLabel('统一社会信用代码/纳税人识别号').fill(enterprise.creditCode)
    await page.getByLabel('手机号码/居民身份证号码/用户名').fill(enterprise.financialOfficer.idNumber)
    await page.getByLabel('个人用户密码').fill(enterprise.financialOfficer.password)
    await dragSlider(page)
    await page.getByTestId('login-submit').click()
    await expect(page.getByTestId('current-identity')).toContainText('财务负责人')
  })

  test('non-resident enterprise login', async ({ page }) => {
    const enterprise = await provisionEnterprise({ kind: 'nonResident', specificSubjectTypes: [] })
    await signIn(page, enterprise.legalRepresentative, enterprise, 'nonResident')
    await expect(page.getByTestId('current-identity')).toContainText('法定代表人')
  })

  test('personal login opens the personal account centre', async ({ page }) => {
    const person = await registerPerson()
    await signIn(page, person)
    await expect(page.getByTestId('current-identity')).toHaveText('个人业务')
    await expect(page.getByRole('navigation', { name: '功能菜单' })).toContainText('待确认授权')
    await expect(page.getByRole('navigation', { name: '功能菜单' })).not.toContainText('添加办税人员')
  })

  test('a wrong password is refused with the Chinese message, and the slider must be dragged again', async ({ page }) => {
    const person = await registerPerson()
    await signIn(page, person).catch(() => undefined)
    await page.getByRole('button', { name: '退出' }).click()
    await page.getByRole('radio', { name: modeLabels.personal }).click({ force: true })
    await page.getByLabel('手机号码/居民身份证号码/用户名').fill(person.phone)
    await page.getByLabel('个人用户密码').fill('Wrong#pass123')
    await dragSlider(page)
    await page.getByTestId('login-submit').click()
    await expect(message(page, '登录失败：账号、密码或验证码错误')).toBeVisible()
    await expect(page.getByTestId('slider-captcha')).toContainText('请按住滑块')
  })

  test('SMS-code login sends the code to the default phone', async ({ page }) => {
    const enterprise = await provisionEnterprise()
    const person = enterprise.legalRepresentative
    await page.goto('/login')
    await page.getByRole('tab', { name: '短信登录' }).click()
    await page.getByLabel('统一社会信用代码/纳税人识别号').fill(enterprise.creditCode)
    await page.getByLabel('手机号码/居民身份证号码/用户名').fill(person.idNumber)
    await dragSlider(page)
    await page.getByRole('button', { name: '获取验证码' }).click()
    await expect(page.getByRole('button', { name: /秒后重新获取/ })).toBeVisible()
    await page.getByLabel('短信验证码').fill(await latestCode(person.phone))
    await page.getByTestId('login-submit').click()
    await expect(page.getByTestId('current-identity')).toContainText('法定代表人')
  })

  test('QR login: the page draws the QR code, the tax app approves it, the polling page signs in', async ({ page }) => {
    const person = await registerPerson()
    await page.goto('/login')
    await page.getByRole('tab', { name: '扫码登录' }).click()
    const qr = page.getByTestId('qr-code')
    await expect(qr).toBeVisible()
    const payload = (await qr.getAttribute('data-payload'))!
    const drawn = await qr.evaluate((canvas: HTMLCanvasElement) => canvas.width > 0 && canvas.toDataURL().length > 1000)
    expect(drawn).toBe(true)
    const ticketId = /[0-9a-f]{16,}/i.exec(payload)![0]
    await approveQr(ticketId, await appLogin(person))
    await expect(page.getByTestId('current-identity')).toHaveText('个人业务')
  })

  test('an existing household accepts the agreement before anything else (A9)', async ({ page }) => {
    const idNumber = (await import('./support/api')).residentId()
    const name = (await import('./support/api')).personName()
    const phone = (await import('./support/api')).phone()
    await expectStatus('PUT', `/api/operator/persons/residentIdCard/${idNumber}`, 200, { name, phone, existingHousehold: true, realNameLevel: 2 }, { 'X-Operator-Key': operatorKey })
    const person = await registerPerson(name, idNumber, phone)
    await signIn(page, person).catch(() => undefined)
    await expect(page).toHaveURL(/\/agreement$/)
    await expect(page.getByRole('heading', { name: '存量户服务协议重签' })).toBeVisible()
    await page.getByRole('button', { name: '我已阅读并同意，确认' }).click()
    await expect(page.getByTestId('current-identity')).toHaveText('个人业务')
  })
})
