import { writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { expect, test } from './support/fixtures'

// The login page's budgets, measured in Chromium by this script: the compressed JavaScript it loads (each
// script gzip-compressed at level 9; the local host serves them Brotli-compressed, which is smaller), the time
// until it is interactive (the page's own 'login-ready' mark, set when the login form is mounted, from
// navigation start), and that nothing is requested from another origin.
test('login page budgets: JavaScript <= 300 KB compressed, interactive <= 1 s, own origin only', async ({ page, baseURL }) => {
  // Warm the host once (first-request work is the server's start-up, not the page's), then measure the page
  // with the browser's cache off.
  const warm = await page.context().newPage()
  await warm.goto('/login')
  await expect(warm.getByTestId('login-submit')).toBeEnabled()
  await warm.close()
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })

  const scripts = new Map<string, number>()
  const origins = new Set<string>()
  page.on('request', (sent) => origins.add(new URL(sent.url()).origin))
  page.on('response', async (response) => {
    if (response.request().resourceType() === 'script') {
      scripts.set(response.url(), gzipSync(await response.body(), { level: 9 }).length)
    }
  })

  await page.goto('/login')
  await expect(page.getByTestId('login-submit')).toBeEnabled()
  await page.waitForLoadState('networkidle')
  const interactiveMs = await page.evaluate(() => performance.getEntriesByName('login-ready')[0]?.startTime ?? Number.NaN)
  const domContentLoadedMs = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd)
  const compressedJsBytes = [...scripts.values()].reduce((sum, bytes) => sum + bytes, 0)
  const own = new URL(baseURL!).origin
  const report = {
    page: '/login',
    measuredAt: new Date().toISOString(),
    compressedJsKB: Math.round((compressedJsBytes / 1024) * 10) / 10,
    scripts: scripts.size,
    interactiveMs: Math.round(interactiveMs),
    domContentLoadedMs: Math.round(domContentLoadedMs),
    origins: [...origins],
    budgets: { compressedJsKB: 300, interactiveMs: 1000, origins: [own] },
  }
  console.log(`Login page budgets: ${JSON.stringify(report)}`)
  writeFileSync(process.env.WEB_BUDGETS_OUTPUT ?? 'test-results/web-budgets.json', JSON.stringify(report, null, 2) + '\n')

  expect(compressedJsBytes).toBeGreaterThan(0)
  expect(compressedJsBytes).toBeLessThanOrEqual(300 * 1024)
  expect(interactiveMs).toBeLessThanOrEqual(1000)
  expect([...origins]).toEqual([own])
})
