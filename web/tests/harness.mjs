// Browser-test harness: a real leadsd on a fresh database (accounts, users,
// leads, tokens made with its own command line), a local push receiver,
// and Debian's Chromium driven by playwright-core (never a downloaded
// browser). Screenshots go to $SCREENSHOT_DIR.
import { spawn, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
export const LEADSD = process.env.LEADSD || path.resolve(here, '../../build/src/leadsd')
export const CONSOLE_DIR = process.env.CONSOLE_DIR || path.resolve(here, '../dist')
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || path.resolve(here, '../../build/console-screenshots')
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'

export function leadsd(args, input) {
  const r = spawnSync(LEADSD, args, { input, encoding: 'utf8', timeout: 60000 })
  if (r.status !== 0) throw new Error(`leadsd ${args.join(' ')} failed (${r.status}): ${r.stderr}`)
  return r.stdout
}

// A push receiver answering {"code":0}; keeps what it received.
export function startReceiver() {
  const received = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => { body += c })
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.setHeader('Content-Type', 'application/json')
      res.end('{"code":0,"message":"ok"}')
    })
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, received, url: `http://127.0.0.1:${server.address().port}/push` })))
}

export const PASSWORD = 'correct-horse-battery'

function leadLine(i, base) {
  const types = ['LEADS_TYPE_FORM', 'LEADS_TYPE_PHONE', 'LEADS_TYPE_ONLINE_CONSULT']
  const names = ['王伟', '李娜', '张敏', '刘洋', '陈静']
  const t = new Date((base + i * 60) * 1000 + 8 * 3600 * 1000).toISOString().replace('T', ' ').slice(0, 19)
  return JSON.stringify({
    leads_name: names[i % names.length] + i,
    leads_tel: '139' + String(10000000 + i),
    leads_type: types[i % types.length],
    leads_source: i % 2 ? 'XJ' : 'AD_PREVIEW',
    leads_tags: i % 4 === 0 ? 'VIP;回访' : '',
    campaign_id: String(3000000 + (i % 3)),
    campaign_name: ['春季促销计划', '品牌曝光计划', '新品试用计划'][i % 3],
    adgroup_id: String(4000000 + (i % 5)),
    ad_id: String(5000000 + (i % 7)),
    leads_create_time: t,
    leads_action_time: t,
    bundle: JSON.stringify({ 预算: '50万', 户型: '三居室' }),
    custom_qa: JSON.stringify([{ question: '您的购房时间？', answer: '三个月内' }, { question: '意向区域', answer: ['南山', '福田'] }]),
    layer_form_content: JSON.stringify({ 意向车型: '奥迪A3' }),
  })
}

// A server with account 25610 (real estate, pushes to the receiver) and
// account 30000; users admin (administrator) and member1 (member of 25610).
export async function startServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leads-browser-'))
  const db = 'sqlite:' + path.join(dir, 'leads.db')
  const receiver = await startReceiver()
  leadsd(['account', 'add', '--db', db, '--account-id', '25610', '--industry', 'real_estate'])
  leadsd(['account', 'add', '--db', db, '--account-id', '30000'])
  const now = Math.floor(Date.now() / 1000) - 3 * 86400
  const file = path.join(dir, 'a.jsonl')
  fs.writeFileSync(file, Array.from({ length: 60 }, (_, i) => leadLine(i, now)).join('\n') + '\n')
  leadsd(['leads', 'import', '--db', db, '--account-id', '25610', file])
  const other = path.join(dir, 'b.jsonl')
  fs.writeFileSync(other, Array.from({ length: 5 }, (_, i) => leadLine(100 + i, now)).join('\n') + '\n')
  leadsd(['leads', 'import', '--db', db, '--account-id', '30000', other])
  const pw = path.join(dir, 'pw')
  fs.writeFileSync(pw, PASSWORD + '\n')
  leadsd(['user', 'add', '--db', db, '--username', 'admin', '--role', 'administrator', '--display-name', '管理员', '--password-file', pw])
  leadsd(['user', 'add', '--db', db, '--username', 'member1', '--role', 'member', '--display-name', '小李', '--account-id', '25610'], PASSWORD + '\n')
  const fwd = JSON.parse(leadsd(['token', 'issue', '--db', db, '--account-id', '25610', '--scope', 'forwarding']))
  const proc = spawn(LEADSD, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--allow-http-push', '--console-dir', CONSOLE_DIR, '--threads', '2'],
    { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  proc.stderr.on('data', (c) => { log += c })
  const url = await new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error('leadsd did not start: ' + out + log)), 20000)
    proc.stdout.on('data', (c) => {
      out += c
      const m = out.match(/listening on (http:\/\/[0-9.:]+)/)
      if (m) { clearTimeout(timer); resolve(m[1]) }
    })
    proc.on('exit', (code) => reject(new Error('leadsd exited ' + code + ': ' + log)))
  })
  return {
    url, db, dir, fwd, receiver, log: () => log,
    async stop() {
      proc.kill('SIGTERM')
      await new Promise((r) => proc.once('exit', r))
      receiver.server.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

// The platform API with the new signature scheme (SHA256).
export function signedHeaders(cred) {
  const ts = String(Math.floor(Date.now() / 1000))
  const nonce = crypto.randomBytes(8).toString('hex')
  const digest = crypto.createHash('sha256').update(`${cred.token}.${ts}.${cred.secret}`).digest('hex')
  const sig = Buffer.from(`${cred.token},${ts},${nonce},${digest}`).toString('base64')
  return { 'X-Signature': sig, 'X-Signature-Algorithm': 'SHA256' }
}

export async function platformGet(server, path, cred) {
  const r = await fetch(server.url + path, { headers: signedHeaders(cred) })
  return r.json()
}

export async function platformPost(server, path, cred, body) {
  const r = await fetch(server.url + path, { method: 'POST', headers: { ...signedHeaders(cred), 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  return r.json()
}

export async function launch() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium (scripts/test.sh does)`)
  if (!fs.existsSync(path.join(CONSOLE_DIR, 'index.html'))) throw new Error(`${CONSOLE_DIR} not built: run scripts/build-web.sh`)
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leads-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  })
  context.setDefaultTimeout(15000)
  return {
    context,
    async close() {
      await context.close()
      fs.rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const file = path.join(SCREENSHOT_DIR, name + '.png')
  await page.screenshot({ path: file, fullPage: true })
  return file
}

export async function signIn(page, server, username, password = PASSWORD) {
  await page.context().clearCookies()
  await page.goto(server.url + '/console/signin')
  await page.getByTestId('username').fill(username)
  await page.getByTestId('password').fill(password)
  await page.getByTestId('signin-submit').click()
}
