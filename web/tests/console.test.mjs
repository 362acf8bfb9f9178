// Browser end-to-end tests of the console: headless Debian Chromium against
// a real leadsd. Each test saves a screenshot of the page it checked.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { launch, platformGet, platformPost, screenshot, signIn, startServer } from './harness.mjs'

const ALL = '/api/mv1/leads/list?start_time=2000-01-01&end_time=2099-12-31&time_type=1&page_size=200'

let server, browser

before(async () => {
  server = await startServer()
  browser = await launch()
})

after(async () => {
  if (browser) await browser.close()
  if (server) await server.stop()
})

async function adminPage() {
  const page = await browser.context.newPage()
  await signIn(page, server, 'admin')
  await page.getByTestId('leads-table').waitFor()
  return page
}

describe('console', () => {
  test('sign in: a wrong password is refused, the right one opens the leads table', async () => {
    const page = await browser.context.newPage()
    await signIn(page, server, 'admin', 'not-the-password')
    await page.getByTestId('signin-error').waitFor()
    assert.match(await page.getByTestId('signin-error').textContent(), /用户名或密码错误/)
    await screenshot(page, 'signin-refused')
    await page.getByTestId('password').fill('correct-horse-battery')
    await page.getByTestId('signin-submit').click()
    await page.locator('tr.lead-row').first().waitFor()
    assert.match(page.url(), /\/console\/a\/25610\/leads$/)
    assert.equal(await page.locator('tr.lead-row').count(), 50)
    assert.match(await page.getByTestId('total').textContent(), /共 60 条/)
    // The session cookie is HttpOnly and SameSite=Strict.
    const cookies = await browser.context.cookies()
    const c = cookies.find((x) => x.name === 'leads_console')
    assert.ok(c && c.httpOnly && c.sameSite === 'Strict', JSON.stringify(cookies))
    await screenshot(page, 'signin-leads')
    await page.close()
  })

  test('filter leads: search, type, tag, sort and paging', async () => {
    const page = await adminPage()
    // Search by name prefix.
    await page.getByTestId('filter-q').fill('李娜1')
    await page.getByTestId('filter-apply').click()
    await page.waitForFunction(() => document.querySelectorAll('tr.lead-row').length > 0 && [...document.querySelectorAll('tr.lead-row')].every((r) => r.textContent.includes('李娜1')))
    const names = await page.locator('tr.lead-row td:first-child a').allTextContents()
    assert.deepEqual(names.sort(), ['李娜1', '李娜11', '李娜16'])
    // Type filter through the multi-select, plus a tag.
    await page.getByTestId('filter-q').fill('')
    await page.getByTestId('filter-type').locator('summary').click()
    await page.getByTestId('filter-type').getByText('智能电话').click()
    await page.getByTestId('filter-tag').fill('VIP')
    await page.getByTestId('filter-apply').click()
    await page.waitForURL(/leads_type=LEADS_TYPE_PHONE/)
    await page.waitForFunction(() => document.querySelector('[data-testid=total]').textContent.includes('共 5 条'))
    const types = await page.locator('tr.lead-row td:nth-child(3)').allTextContents()
    assert.ok(types.length > 0)
    assert.ok(types.every((t) => t === '智能电话'), types.join(','))
    const tags = await page.locator('tr.lead-row td:nth-child(8)').allTextContents()
    assert.ok(tags.every((t) => t.includes('VIP')))
    await screenshot(page, 'filter-type-tag')
    // Paging: 60 leads, 20 a page, oldest first.
    await page.goto(server.url + '/console/a/25610/leads?sort=create_asc&page_size=20')
    await page.locator('tr.lead-row').nth(19).waitFor()
    const first = await page.locator('tr.lead-row').first().getAttribute('data-leads-id')
    await page.getByTestId('next').click()
    await page.waitForFunction((id) => document.querySelector('tr.lead-row').dataset.leadsId !== id, first)
    await page.getByTestId('next').click()
    await page.waitForFunction(() => document.querySelector('.pager').textContent.includes('第 3 页'))
    assert.equal(await page.getByTestId('next').isDisabled(), true)
    await page.getByTestId('prev').click()
    await page.getByTestId('prev').click()
    await page.waitForFunction((id) => document.querySelector('tr.lead-row').dataset.leadsId === id, first)
    await page.close()
  })

  test('follow-up in the console shows in GET /api/mv1/leads/list and in the history', async () => {
    const before = await platformGet(server, ALL, server.fwd)
    assert.equal(before.code, 0)
    const target = before.data.list[5]
    assert.equal(target.leads_follow_tag, 'LEADS_FOLLOW_TAG_DEFAULT')
    const page = await adminPage()
    await page.goto(`${server.url}/console/a/25610/leads/${target.leads_id}`)
    await page.getByTestId('follow-up').waitFor()
    // Every field, and the JSON-text fields as question and answer.
    assert.match(await page.getByTestId('qa-custom_qa').textContent(), /您的购房时间？\s*三个月内/)
    assert.match(await page.getByTestId('qa-bundle').textContent(), /预算\s*50万/)
    assert.match(await page.getByTestId('all-fields').textContent(), /点击ID/)
    await page.getByTestId('fu-follow').selectOption('LEADS_FOLLOW_TAG_VALID_HIGH_INTENTION')
    await page.getByTestId('fu-touch').selectOption('LEADS_TOUCH_TAG_RESPONSED')
    await page.getByTestId('fu-owner').fill('张经理')
    await page.getByTestId('fu-record').fill('客户约周六看房')
    await page.getByTestId('fu-save').click()
    await page.getByTestId('lead-follow').filter({ hasText: '已转换-高意向客户' }).waitFor()
    assert.match(await page.getByTestId('history').textContent(), /已转换-高意向客户/)
    assert.match(await page.getByTestId('history').textContent(), /管理员/)
    await screenshot(page, 'follow-up')
    const afterList = await platformGet(server, ALL, server.fwd)
    const lead = afterList.data.list.find((l) => l.leads_id === target.leads_id)
    assert.equal(lead.leads_follow_tag, 'LEADS_FOLLOW_TAG_VALID_HIGH_INTENTION')
    assert.equal(lead.leads_touch_tag, 'LEADS_TOUCH_TAG_RESPONSED')
    assert.equal(lead.owner_name, '张经理')
    const records = JSON.parse(lead.all_follow_records)
    assert.equal(records.at(-1).content, '客户约周六看房')
    assert.equal(records.at(-1).by, '管理员')
    // And the console's follow tag filter finds it.
    await page.goto(`${server.url}/console/a/25610/leads?follow_tag=LEADS_FOLLOW_TAG_VALID_HIGH_INTENTION`)
    await page.waitForFunction(() => document.querySelector('[data-testid=total]').textContent.includes('共 1 条'))
    await page.close()
  })

  test('a credential issued in the console works on the API, and its secret is shown once', async () => {
    const page = await adminPage()
    await page.getByTestId('nav-settings').click()
    await page.getByTestId('issue-report').click()
    await page.getByTestId('secret-dialog').waitFor()
    const token = await page.getByTestId('new-token').inputValue()
    const secret = await page.getByTestId('new-secret').inputValue()
    assert.match(token, /^[0-9a-f]{24}$/)
    assert.match(secret, /^[0-9a-f]{32}$/)
    await screenshot(page, 'credential-issued')
    await page.getByTestId('secret-done').click()
    await page.locator(`tr[data-token="${token}"]`).waitFor()
    assert.ok(!(await page.content()).includes(secret), 'the secret is not on the page after the dialog closed')
    const settings = await page.evaluate(async () => (await fetch('/console/api/accounts/25610/settings')).text())
    assert.ok(!settings.includes(secret), 'the settings API never returns the secret')
    const list = await platformGet(server, ALL, server.fwd)
    const id = list.data.list[0].leads_id
    const r = await platformPost(server, '/api/mv1/leads/report', { token, secret },
      { list: [{ leads_id: id, leads_convert_type: 'LEADS_CONVERT_STATUS_POTENTIAL_CUSTOMER' }] })
    assert.equal(r.code, 0, JSON.stringify(r))
    // Revoke it in the console: the API refuses it at once.
    page.on('dialog', (d) => d.accept())
    await page.getByTestId('revoke-' + token).click()
    await page.locator(`tr[data-token="${token}"].dim`).waitFor()
    const refused = await platformPost(server, '/api/mv1/leads/report', { token, secret },
      { list: [{ leads_id: id, leads_convert_type: 'LEADS_CONVERT_STATUS_POTENTIAL_CUSTOMER' }] })
    assert.equal(refused.code, 2008)
    await page.close()
  })

  test('send a test push and see it in the delivery log', async () => {
    const page = await adminPage()
    await page.goto(server.url + '/console/a/25610/settings')
    if (await page.getByTestId('push-unavailable').count()) {
      await screenshot(page, 'push-unavailable')
      assert.fail('push is not available on this server')
    }
    await page.getByTestId('push-url').fill(server.receiver.url)
    await page.getByTestId('push-save').click()
    await page.getByTestId('toast').filter({ hasText: '已保存' }).waitFor()
    await page.getByTestId('push-test').click()
    await page.getByTestId('delivery-log').locator('tr.test-row').first().waitFor()
    assert.match(await page.getByTestId('delivery-log').textContent(), /测试[\s\S]*成功[\s\S]*200/)
    assert.ok(server.receiver.received.some((r) => r.headers['x-leads-test'] === '1'), 'the receiver got the test push')
    await screenshot(page, 'push-test')
    await page.close()
  })

  test('a member is refused another account, in the page and by hand-made requests', async () => {
    const other = (await (async () => {
      const page = await adminPage()
      const d = await page.evaluate(async () => (await fetch('/console/api/accounts/30000/leads')).json())
      await page.close()
      return d.data.list[0]
    })())
    const page = await browser.context.newPage()
    await browser.context.clearCookies()
    await signIn(page, server, 'member1')
    await page.locator('tr.lead-row').first().waitFor()
    assert.deepEqual(await page.getByTestId('account-switch').locator('option').allTextContents().then((o) => o.length), 1)
    await page.goto(`${server.url}/console/a/30000/leads/${other.leads_id}`)
    await page.getByTestId('lead-error').waitFor()
    assert.match(await page.getByTestId('lead-error').textContent(), /无权访问/)
    await screenshot(page, 'member-refused')
    const r = await page.evaluate(async (id) => {
      const me = await (await fetch('/console/api/session')).json()
      const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.data.csrf_token }
      const read = await (await fetch('/console/api/accounts/30000/leads/' + id)).json()
      const list = await (await fetch('/console/api/accounts/30000/leads')).json()
      const write = await (await fetch(`/console/api/accounts/30000/leads/${id}/follow-up`, { method: 'POST', headers, body: JSON.stringify({ follow_tag: 'LEADS_FOLLOW_TAG_INVALID_OTHER' }) })).json()
      const issue = await (await fetch('/console/api/accounts/30000/credentials', { method: 'POST', headers, body: JSON.stringify({ scope: 'forwarding' }) })).json()
      const noCsrf = await (await fetch('/console/api/accounts/25610/credentials', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"scope":"forwarding"}' })).json()
      return { read: read.code, list: list.code, write: write.code, issue: issue.code, noCsrf: noCsrf.code }
    }, other.leads_id)
    assert.deepEqual(r, { read: 2024, list: 2024, write: 2024, issue: 2024, noCsrf: 2023 })
    await browser.context.clearCookies()
    await page.close()
  })

  test('dashboard charts and the phone layout', async () => {
    const page = await adminPage()
    await page.getByTestId('nav-dashboard').click()
    await page.getByTestId('kpi-total').waitFor()
    await page.locator('.chart canvas').first().waitFor()
    assert.ok(await page.locator('.chart canvas').count() >= 3)  // per day by type, by source, the funnel (invalid reasons: none yet)
    assert.ok(await page.getByTestId('breakdown').locator('tbody tr').count() >= 1)
    await page.waitForTimeout(600)
    await screenshot(page, 'dashboard')
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(server.url + '/console/a/25610/leads')
    await page.getByTestId('lead-cards').locator('li').first().waitFor()
    assert.equal(await page.getByTestId('leads-table').isVisible(), false)
    await screenshot(page, 'phone-leads')
    await page.getByTestId('lang').click()
    await page.getByTestId('filter-q').waitFor()
    assert.equal(await page.getByTestId('filter-q').getAttribute('placeholder'), 'Name / phone / lead ID')
    await screenshot(page, 'phone-leads-en')
    await page.getByTestId('lang').click()
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.close()
  })
})
