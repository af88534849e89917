// Clicks through the sample's single-page browser-session demo in headless Chromium and
// checks what a person sees, and that no script can reach the session token.
//
// Needs BASE_URL (the running sample, on http://localhost:<port>) and CHROMIUM (the system
// Chromium); run.sh next to this file provides both.
import { createHmac, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

const BASE_URL = process.env.BASE_URL;
const CHROMIUM = process.env.CHROMIUM;
const SESSION_COOKIE = '__Host-trymellon-session';
const WEBHOOK_SECRET = process.env.TRYMELLON_WEBHOOK_SECRET ?? 'whsec_sample_development_only';
const TIMEOUT = 15_000;

let browser;
let context;
let page;

before(async () => {
	assert.ok(BASE_URL, 'BASE_URL is required');
	assert.ok(CHROMIUM, 'CHROMIUM is required');
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	context = await browser.newContext();
	context.setDefaultTimeout(TIMEOUT);
	page = await context.newPage();
	await page.goto(BASE_URL + '/');
});

after(async () => {
	if (page && process.env.SCREENSHOTS) {
		mkdirSync(process.env.SCREENSHOTS, { recursive: true });
		await page.screenshot({ path: process.env.SCREENSHOTS + '/last.png', fullPage: true });
	}
	await browser?.close();
});

/** Clicks the button and waits until the output shows an answer that contains every text. */
async function click(button, output, ...texts) {
	await page.locator('#' + output).evaluate((element) => { element.textContent = ''; });
	await page.click('#' + button);
	const shown = page.locator('#' + output);
	await shown.filter({ hasText: /^HTTP \d{3}/ }).waitFor();
	const text = await shown.textContent();
	for (const expected of texts) {
		assert.ok(text.includes(expected), `#${output} shows ${JSON.stringify(text)}, expected ${expected}`);
	}
	return text;
}

async function status() {
	return page.locator('#status').textContent();
}

/** Neither script nor storage holds the session token. */
async function assertTokenOutOfScriptsReach() {
	const seen = await page.evaluate(() => ({
		cookie: document.cookie,
		local: Object.keys(localStorage).map((key) => key + '=' + localStorage.getItem(key)),
		session: Object.keys(sessionStorage).map((key) => key + '=' + sessionStorage.getItem(key)),
	}));
	assert.ok(!seen.cookie.includes(SESSION_COOKIE), 'document.cookie shows the session cookie: ' + seen.cookie);
	assert.ok(!seen.cookie.includes('eyJ'), 'document.cookie shows a token: ' + seen.cookie);
	assert.deepEqual(seen.local, [], 'localStorage holds something');
	assert.deepEqual(seen.session, [], 'sessionStorage holds something');
}

async function sessionCookie() {
	return (await context.cookies(BASE_URL)).find((cookie) => cookie.name === SESSION_COOKIE);
}

/** Posts a webhook signed as TryMellon signs it: hex HMAC-SHA256 of the raw body. */
async function sendWebhook(type, userId) {
	const now = new Date().toISOString();
	const body = JSON.stringify({ id: 'evt_' + randomUUID().replaceAll('-', ''), type, created_at: now,
		application_id: 'app_sample', tenant_id: 'tenant_sample', data: { user_id: userId, revoked_at: now } });
	const signature = createHmac('sha256', WEBHOOK_SECRET).update(body, 'utf8').digest('hex');
	const response = await fetch(BASE_URL + '/webhooks/trymellon', { method: 'POST', body,
		headers: { 'Content-Type': 'application/json', 'tm-signature': signature, 'tm-timestamp': now,
			'tm-event-id': randomUUID() } });
	return response.status;
}

test('the page starts signed out', async () => {
	assert.equal(await status(), 'Signed out');
	await click('me', 'me-result', 'HTTP 401', 'TOKEN_MISSING');
});

test('signing in as alice keeps the session in an HttpOnly cookie that no script sees', async () => {
	await click('sign-in-alice', 'sign-in-result', 'HTTP 204');
	await page.locator('#status').filter({ hasText: 'Signed in as alice until' }).waitFor();
	const cookie = await sessionCookie();
	assert.ok(cookie, 'the browser holds the session cookie');
	assert.equal(cookie.httpOnly, true);
	assert.equal(cookie.secure, true);
	assert.equal(cookie.sameSite, 'Lax');
	assert.equal(cookie.path, '/');
	assert.ok(cookie.value.startsWith('eyJ'));
	await assertTokenOutOfScriptsReach();
	assert.match(await page.evaluate(() => document.cookie), /XSRF-TOKEN=/);
});

test('the API answers through the cookie', async () => {
	await click('me', 'me-result', 'HTTP 200', '"userId":"alice"', 'FACTOR_BEARER');
	await click('session', 'me-result', 'HTTP 200', '"userId":"alice"', '"expiresAt":');
});

test('a state-changing call succeeds with the CSRF header and fails without it', async () => {
	await click('note-with-csrf', 'note-result', 'HTTP 200', '"by":"alice"');
	await click('note-without-csrf', 'note-result', 'HTTP 403', 'The CSRF token is missing or invalid.');
	await click('note-with-csrf', 'note-result', 'HTTP 200');
});

test('alice is no admin', async () => {
	await click('admin', 'admin-result', 'HTTP 403', 'FORBIDDEN');
});

test('signing out clears the cookie and the session', async () => {
	await click('sign-out', 'sign-out-result', 'HTTP 204');
	await page.locator('#status').filter({ hasText: 'Signed out' }).waitFor();
	assert.equal(await sessionCookie(), undefined, 'the session cookie is gone');
	await click('me', 'me-result', 'HTTP 401', 'TOKEN_MISSING');
	await assertTokenOutOfScriptsReach();
});

test('ada is an admin, until TryMellon revokes her session', async () => {
	await click('sign-in-ada', 'sign-in-result', 'HTTP 204');
	await page.locator('#status').filter({ hasText: 'Signed in as ada until' }).waitFor();
	await click('admin', 'admin-result', 'HTTP 200', 'Hello, admin ada');
	await assertTokenOutOfScriptsReach();
	assert.equal(await sendWebhook('session.revoked', 'ada'), 200);
	await click('me', 'me-result', 'HTTP 401', 'SESSION_REVOKED');
	// the refused cookie was cleared with the refusal
	assert.equal(await sessionCookie(), undefined, 'the refused session cookie is gone');
	await click('admin', 'admin-result', 'HTTP 401', 'TOKEN_MISSING');
});

test('reloading the page keeps no token anywhere', async () => {
	await page.reload();
	assert.equal(await status(), 'Signed out');
	await assertTokenOutOfScriptsReach();
});
