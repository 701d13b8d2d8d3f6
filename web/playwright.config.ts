import { defineConfig, devices } from '@playwright/test'

// Browser tests on Debian's Chromium (`apt-get install chromium`; Playwright's own browser download is not
// used), headless, against the local host serving the built app on Azurite. scripts/web-tests.sh starts that
// host and sets WEB_BASE_URL; against ./run.sh's host, WEB_BASE_URL=http://localhost:7071 works too.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: Number(process.env.PLAYWRIGHT_WORKERS ?? 2),
  reporter: [['list'], ['junit', { outputFile: process.env.PLAYWRIGHT_JUNIT_OUTPUT ?? 'test-results/junit.xml' }]],
  use: {
    baseURL: process.env.WEB_BASE_URL ?? 'http://localhost:7071',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromium, args: ['--no-sandbox', '--disable-dev-shm-usage'] },
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined }, testIgnore: /mobile\.spec\.ts/ },
    { name: 'mobile-375', use: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }, testMatch: /mobile\.spec\.ts/ },
  ],
})
