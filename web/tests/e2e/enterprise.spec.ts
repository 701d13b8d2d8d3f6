import { apiLogin, creditCode, expectStatus, operatorKey, provisionEnterprise } from './support/api'
import { expect, openMenu, signIn, test } from './support/fixtures'

// 企业信息管理, 我的代理机构, 跨区域办税 and 日志管理 (C1, C2, G1, H3, I1).
test.describe('企业信息 (C1, C2, G1, H3, I1)', () => {
  test('basic info is masked and the eye reveals the full name', async ({ page }) => {
    const enterprise = await provisionEnterprise()
    await signIn(page, enterprise.legalRepresentative, enterprise)
    const name = page.getByTestId('enterprise-name')
    await expect(name).toBeVisible()
    await expect(name).not.toHaveText(enterprise.name)
    await expect(page.getByTestId('enterprise-info')).not.toContainText(enterprise.creditCode)
    await page.getByRole('button', { name: '显示完整纳税人名称' }).click()
    await expect(name).toHaveText(enterprise.name)
    await expect(page.getByTestId('my-identity').first()).toHaveText(/法定代表人/)
  })

  test('my agencies lists the enterprise agency', async ({ page }) => {
    const enterprise = await provisionEnterprise()
    await expectStatus('PUT', `/api/operator/enterprises/${enterprise.creditCode}/agencies/XY-2026-0001`, 200, {
      agencyName: '拉萨诚信税务师事务所有限公司', agencyCreditCode: creditCode(), agentName: '旺堆', identityType: 'taxClerk',
      serviceStart: '2026-01-01', serviceEnd: '2027-12-31', status: 'active',
    }, { 'X-Operator-Key': operatorKey })
    await signIn(page, enterprise.legalRepresentative, enterprise)
    await openMenu(page, '我的代理机构')
    await expect(page.getByTestId('agencies-table')).toContainText('拉萨诚信税务师事务所有限公司')
  })

  test('cross-region: search inspection items and switch into one', async ({ page }) => {
    const enterprise = await provisionEnterprise()
    const itemId = `BY-${Date.now()}`
    await expectStatus('PUT', `/api/operator/cross-region/items/${itemId}`, 200, {
      kind: 'inspection', creditCode: enterprise.creditCode, province: '西藏自治区', city: '日喀则市', district: '桑珠孜区',
      taxAuthority: '国家税务总局日喀则市桑珠孜区税务局', managementNumber: itemId,
    }, { 'X-Operator-Key': operatorKey })
    await signIn(page, enterprise.legalRepresentative, enterprise)
    await openMenu(page, '跨区域办税')
    await page.getByLabel('跨区域涉税事项报验管理编号').fill(itemId)
    await page.getByRole('button', { name: '查询' }).click()
    await expect(page.getByTestId('cross-region-table')).toContainText('桑珠孜区')
    await page.getByTestId('cross-region-table').getByRole('button', { name: '切换' }).click()
    await expect(page.getByTestId('current-identity')).toContainText('跨区域报验户')
  })

  test('login logs are filtered and paged', async ({ page }) => {
    const enterprise = await provisionEnterprise()
    for (let i = 0; i < 21; i++) await apiLogin(enterprise.financialOfficer, enterprise)
    await signIn(page, enterprise.legalRepresentative, enterprise)
    await openMenu(page, '登录日志查询')
    const table = page.getByTestId('login-logs-table')
    await expect(table.locator('tbody tr')).toHaveCount(20)
    await page.getByRole('button', { name: '下一页' }).click()
    await expect(page.getByTestId('login-logs-pager')).toContainText('第 2 页')
    await expect(table.locator('tbody tr')).not.toHaveCount(0)
    await page.getByRole('button', { name: '上一页' }).click()
    await expect(page.getByTestId('login-logs-pager')).toContainText('第 1 页')
    await page.getByRole('combobox', { name: '身份类型' }).click({ force: true })
    await page.getByRole('option', { name: '法定代表人', exact: true }).click()
    await page.getByRole('button', { name: '查询' }).click()
    await expect(table.locator('tbody tr')).toHaveCount(1)
  })
})
